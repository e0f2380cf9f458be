import type { Db } from '../db/database';

/** Op ids the host has applied: a replayed op is recognised and changes nothing. */
export function createAppliedOps(db: Db) {
  const has = db.prepare<[string], { op_id: string }>(
    'SELECT op_id FROM applied_ops WHERE op_id = ?',
  );
  const record = db.prepare(
    'INSERT INTO applied_ops (op_id, session_id, kind, applied_at) VALUES (?, ?, ?, ?)',
  );
  return {
    has: (opId: string) => has.get(opId) !== undefined,
    record: (opId: string, sessionId: string, kind: string, at: number) =>
      record.run(opId, sessionId, kind, at),
  };
}
