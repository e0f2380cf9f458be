import type { Db } from '../db/database';
import { newId, nowIso } from '../db/ids';
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
  const byId = db.prepare<[string], ParticipantRow>('SELECT * FROM participants WHERE id = ?');
  const bySession = db.prepare<[string], ParticipantRow>(
    'SELECT * FROM participants WHERE session_id = ? ORDER BY position, id',
  );
  const nextPosition = db.prepare<[string], { p: number }>(
    'SELECT COALESCE(MAX(position) + 1, 0) AS p FROM participants WHERE session_id = ?',
  );
  const insert = db.prepare(
    `INSERT INTO participants (id, session_id, name, function, email, position, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const setPosition = db.prepare('UPDATE participants SET position = ? WHERE id = ?');
  const remove = db.prepare('DELETE FROM participants WHERE id = ?');
  const counts = db.prepare<[string], { session_id: string; n: number }>(
    `SELECT session_id, COUNT(*) AS n FROM participants
     WHERE session_id IN (SELECT value FROM json_each(?)) GROUP BY session_id`,
  );

  return {
    /** How many participants each of these sessions has, in one query for a whole list. */
    countBySession(sessionIds: readonly string[]): Map<string, number> {
      return new Map(counts.all(JSON.stringify(sessionIds)).map((r) => [r.session_id, r.n]));
    },
    get(id: string): Participant | undefined {
      const row = byId.get(id);
      return row && toParticipant(row);
    },
    list(sessionId: string): Participant[] {
      return bySession.all(sessionId).map(toParticipant);
    },
    insert(sessionId: string, fields: ParticipantFields): Participant {
      const id = newId();
      const position = nextPosition.get(sessionId)!.p;
      insert.run(id, sessionId, fields.name, fields.function, fields.email, position, nowIso());
      return this.get(id)!;
    },
    update(id: string, patch: Partial<ParticipantFields>): Participant {
      const entries = Object.entries(patch).filter(([, v]) => v !== undefined);
      if (entries.length > 0) {
        const sets = entries
          .map(([k]) => `${k === 'function' ? '"function"' : k} = @${k}`)
          .join(', ');
        db.prepare(`UPDATE participants SET ${sets} WHERE id = @id`).run({
          ...Object.fromEntries(entries),
          id,
        });
      }
      return this.get(id)!;
    },
    setOrder(orderedIds: readonly string[]) {
      orderedIds.forEach((id, i) => setPosition.run(i, id));
    },
    remove(id: string) {
      remove.run(id);
    },
  };
}

export type ParticipantRepo = ReturnType<typeof createParticipantRepo>;
