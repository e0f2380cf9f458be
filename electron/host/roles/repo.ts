import type { Db } from '../db/database';
import { newId } from '../db/ids';
import { DEFAULT_ROLES, type Role } from '../../../shared/domain/roles';

type RoleRow = { id: string; session_id: string; key: string; name: string; position: number };

const toRole = (r: RoleRow): Role => ({
  id: r.id,
  key: r.key,
  name: r.name,
  rotates: r.key !== 'observer',
});

export function createRoleRepo(db: Db) {
  const bySession = db.prepare<[string], RoleRow>(
    'SELECT * FROM roles WHERE session_id = ? ORDER BY position',
  );
  const insert = db.prepare(
    'INSERT INTO roles (id, session_id, key, name, position) VALUES (?, ?, ?, ?, ?)',
  );
  const update = db.prepare('UPDATE roles SET name = ?, position = ? WHERE id = ?');
  const remove = db.prepare('DELETE FROM roles WHERE id = ?');

  return {
    list(sessionId: string): Role[] {
      return bySession.all(sessionId).map(toRole);
    },
    insertAll(
      sessionId: string,
      roles: ReadonlyArray<{ key: string; name: string }> = DEFAULT_ROLES,
    ) {
      roles.forEach((r, i) => insert.run(newId(), sessionId, r.key, r.name, i));
    },
    insert(sessionId: string, key: string, name: string, position: number) {
      insert.run(newId(), sessionId, key, name, position);
    },
    update(id: string, name: string, position: number) {
      update.run(name, position, id);
    },
    remove(id: string) {
      remove.run(id);
    },
  };
}

export type RoleRepo = ReturnType<typeof createRoleRepo>;
