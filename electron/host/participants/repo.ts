import type { Db } from '../db/database';
import { newId, nowIso } from '../db/ids';
import { createOrderedRows } from '../db/orderedRows';
import { patchAssignments } from '../db/patch';
import type { Participant, ParticipantFields } from '../../../shared/domain/participants';

type ParticipantRow = {
  id: string;
  session_id: string;
  name: string;
  function: Participant['function'];
  email: string;
  position: number;
};

const toParticipant = (r: ParticipantRow): Participant => ({
  id: r.id,
  sessionId: r.session_id,
  name: r.name,
  function: r.function,
  email: r.email,
});

export function createParticipantRepo(db: Db) {
  const rows = createOrderedRows(db, 'participants');
  const byId = db.prepare<[string], ParticipantRow>('SELECT * FROM participants WHERE id = ?');
  const bySession = db.prepare<[string], ParticipantRow>(
    'SELECT * FROM participants WHERE session_id = ? ORDER BY position, id',
  );
  const insert = db.prepare(
    `INSERT INTO participants (id, session_id, name, function, email, position, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );

  return {
    countBySession: rows.countBySession,
    setOrder: rows.setOrder,
    remove: rows.remove,
    get(id: string): Participant | undefined {
      const row = byId.get(id);
      return row && toParticipant(row);
    },
    list(sessionId: string): Participant[] {
      return bySession.all(sessionId).map(toParticipant);
    },
    insert(sessionId: string, fields: ParticipantFields): Participant {
      const id = newId();
      const position = rows.nextPosition(sessionId);
      insert.run(id, sessionId, fields.name, fields.function, fields.email, position, nowIso());
      return this.get(id)!;
    },
    update(id: string, patch: Partial<ParticipantFields>): Participant {
      const set = patchAssignments(patch);
      if (set)
        db.prepare(`UPDATE participants SET ${set.sets} WHERE id = @id`).run({ ...set.values, id });
      return this.get(id)!;
    },
  };
}

export type ParticipantRepo = ReturnType<typeof createParticipantRepo>;
