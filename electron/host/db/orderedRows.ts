import type { Db } from './database';

/**
 * What the tables of a session's ordered lists (its participants, its goals) share: a position
 * the team chose, a count per session for the session list, removal by id. The repository that
 * owns the table names it, so its SQL stays that repository's.
 */
export function createOrderedRows(db: Db, table: 'participants' | 'goals') {
  const nextPosition = db.prepare<[string], { p: number }>(
    `SELECT COALESCE(MAX(position) + 1, 0) AS p FROM ${table} WHERE session_id = ?`,
  );
  const setPosition = db.prepare(`UPDATE ${table} SET position = ? WHERE id = ?`);
  const remove = db.prepare(`DELETE FROM ${table} WHERE id = ?`);
  const counts = db.prepare<[string], { session_id: string; n: number }>(
    `SELECT session_id, COUNT(*) AS n FROM ${table}
     WHERE session_id IN (SELECT value FROM json_each(?)) GROUP BY session_id`,
  );
  return {
    /** How many rows each of these sessions has, in one query for a whole list. */
    countBySession(sessionIds: readonly string[]): Map<string, number> {
      return new Map(counts.all(JSON.stringify(sessionIds)).map((r) => [r.session_id, r.n]));
    },
    /** The position after the session's last row. */
    nextPosition: (sessionId: string): number => nextPosition.get(sessionId)!.p,
    setOrder(orderedIds: readonly string[]) {
      orderedIds.forEach((id, i) => setPosition.run(i, id));
    },
    remove(id: string) {
      remove.run(id);
    },
  };
}
