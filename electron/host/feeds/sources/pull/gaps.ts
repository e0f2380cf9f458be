import type { FeedGap } from '../../../../../shared/domain/feeds';
import type { Db } from '../../../db/database';

type Row = {
  id: number;
  session_id: string;
  source_id: string;
  source_name: string;
  from_time: number;
  to_time: number | null;
  reason: string;
  backfilled: number;
};
const toGap = (r: Row): FeedGap => ({
  id: r.id,
  sourceId: r.source_id,
  sourceName: r.source_name,
  from: r.from_time,
  to: r.to_time,
  reason: r.reason,
  backfilled: r.backfilled === 1,
});

/** Stretches of time a pull source could not deliver, per session. */
export function createGapRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO feed_gaps (session_id, source_id, source_name, from_time, to_time, reason, backfilled)
     VALUES (@sessionId, @sourceId, @sourceName, @from, @to, @reason, @backfilled)`,
  );
  return {
    open(g: {
      sessionId: string;
      sourceId: string;
      sourceName: string;
      from: number;
      reason: string;
    }) {
      return Number(insert.run({ ...g, to: null, backfilled: 0 }).lastInsertRowid);
    },
    /** A closed gap at once, e.g. a stretch skipped because the source was too far behind. */
    add(g: {
      sessionId: string;
      sourceId: string;
      sourceName: string;
      from: number;
      to: number;
      reason: string;
    }) {
      return Number(insert.run({ ...g, backfilled: 0 }).lastInsertRowid);
    },
    update: (id: number, reason: string) =>
      db.prepare('UPDATE feed_gaps SET reason = ? WHERE id = ?').run(reason, id),
    close: (id: number, to: number, backfilled: boolean) =>
      db
        .prepare('UPDATE feed_gaps SET to_time = ?, backfilled = ? WHERE id = ?')
        .run(to, backfilled ? 1 : 0, id),
    openFor: (sourceId: string) =>
      db
        .prepare<[string], Row>(
          'SELECT * FROM feed_gaps WHERE source_id = ? AND to_time IS NULL ORDER BY id DESC LIMIT 1',
        )
        .get(sourceId),
    /** The session's gaps that overlap [from, to]. */
    list: (sessionId: string, from: number, to: number): FeedGap[] =>
      db
        .prepare<[string, number, number], Row>(
          `SELECT * FROM feed_gaps WHERE session_id = ? AND from_time <= ? AND (to_time IS NULL OR to_time >= ?)
           ORDER BY from_time`,
        )
        .all(sessionId, to, from)
        .map(toGap),
  };
}
export type GapRepo = ReturnType<typeof createGapRepo>;
