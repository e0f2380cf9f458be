import type { Db } from '../../db/database';
import { feedDeletions } from '../store/deletions';

/**
 * The feed pane asks for the error rate and the sources' last events about once a second while
 * events arrive. Counted from scratch, that read every stored event of the tenant on the host's
 * thread each time (about 0.3 s per 200,000 events on a busy 2-core machine), and every note,
 * rotation or pause waited behind it. These tallies remember what they counted up to which id
 * and read only what came since: ids only grow (events are committed in id order, one writer at
 * a time), rows are never updated, and any deletion (retention) makes them count again.
 */

type Bucket = { start: number; total: number; errors: number };

/** Buckets of bucketMs from `from` to `to` (at least one), nothing counted yet. */
export function emptyBuckets(from: number, to: number, bucketMs: number): Bucket[] {
  const count = Math.max(1, Math.ceil((to - from) / bucketMs));
  return Array.from({ length: count }, (_, i) => ({
    start: from + i * bucketMs,
    total: 0,
    errors: 0,
  }));
}

/** Tallies kept per store, for the last keys asked (one per session window shown). */
const MAX_TALLIES = 16;
const kept = new WeakMap<Db, Map<string, unknown>>();

function tallyOf<T>(db: Db, key: string): T | undefined {
  return kept.get(db)?.get(key) as T | undefined;
}

function keep(db: Db, key: string, tally: unknown) {
  let tallies = kept.get(db);
  if (!tallies) kept.set(db, (tallies = new Map()));
  tallies.delete(key);
  if (tallies.size >= MAX_TALLIES) tallies.delete(tallies.keys().next().value!);
  tallies.set(key, tally);
}

const maxIdOf = (db: Db): number =>
  db.prepare<[], number | null>('SELECT max(id) FROM feed_events').pluck().get() ?? 0;

type RateRow = { b: number; total: number; errors: number };
type RateTally = {
  /** Every event of the tenant with an id up to this and a time in [from, to] is counted. */
  upToId: number;
  to: number;
  deletions: number;
  counts: Map<number, { total: number; errors: number }>;
};

const RATE_COLUMNS = `CAST((time - @from) / @bucket AS INTEGER) AS b, COUNT(*) AS total, SUM(level >= 4) AS errors`;

/** Events and errors per bucket, over the baseline window and the session. */
export function errorRate(db: Db, tenant: string, from: number, to: number, bucketMs: number) {
  const key = `rate\u0000${tenant}\u0000${from}\u0000${bucketMs}`;
  const upToId = maxIdOf(db);
  const deletions = feedDeletions(db);
  const params = { tenant, from, to, bucket: bucketMs, upToId };
  let tally = tallyOf<RateTally>(db, key);
  let rows: RateRow[];
  if (!tally || tally.deletions !== deletions || to < tally.to || upToId < tally.upToId) {
    tally = { upToId, to, deletions, counts: new Map() };
    rows = db
      .prepare<typeof params, RateRow>(
        `SELECT ${RATE_COLUMNS} FROM feed_events
         WHERE tenant = @tenant AND time >= @from AND time <= @to AND id <= @upToId GROUP BY b`,
      )
      .all(params);
  } else {
    const since = { ...params, afterId: tally.upToId, afterTo: tally.to };
    rows = [
      // Stored since: the ids after the last count (NOT INDEXED: walked by id, not by time).
      ...db
        .prepare<typeof since, RateRow>(
          `SELECT ${RATE_COLUMNS} FROM feed_events NOT INDEXED
           WHERE id > @afterId AND id <= @upToId AND tenant = @tenant AND time >= @from AND time <= @to
           GROUP BY b`,
        )
        .all(since),
      // Counted before but dated after its end (a clock ahead): inside the window now.
      ...db
        .prepare<typeof since, RateRow>(
          `SELECT ${RATE_COLUMNS} FROM feed_events
           WHERE tenant = @tenant AND time > @afterTo AND time <= @to AND time >= @from AND id <= @afterId
           GROUP BY b`,
        )
        .all(since),
    ];
    Object.assign(tally, { upToId, to });
  }
  for (const r of rows) {
    const c = tally.counts.get(r.b) ?? { total: 0, errors: 0 };
    tally.counts.set(r.b, { total: c.total + r.total, errors: c.errors + r.errors });
  }
  keep(db, key, tally);
  const buckets = emptyBuckets(from, to, bucketMs);
  for (const [b, c] of tally.counts)
    if (buckets[b]) Object.assign(buckets[b]!, { total: c.total, errors: c.errors });
  return buckets;
}

type LastTally = { upToId: number; deletions: number; last: { id: number; t: number } | null };

/**
 * When the newest event of a source arrived. Ids follow arrival, so the newest row by id answers
 * it, walking back from the end (NOT INDEXED) instead of reading every row of the tenant; a
 * source that sent nothing (yet) is walked back only over the events stored since it was asked.
 */
export function lastEventAt(db: Db, tenant: string, source: string): number | null {
  const key = `last\u0000${tenant}\u0000${source}`;
  const upToId = maxIdOf(db);
  const deletions = feedDeletions(db);
  const before = tallyOf<LastTally>(db, key);
  const fresh = !before || before.deletions !== deletions || upToId < before.upToId;
  const found = db
    .prepare<Record<string, unknown>, { id: number; t: number }>(
      `SELECT id, received_at AS t FROM feed_events NOT INDEXED
       WHERE id > @afterId AND id <= @upToId AND tenant = @tenant AND source = @source
       ORDER BY id DESC LIMIT 1`,
    )
    .get({ afterId: fresh ? 0 : before.upToId, upToId, tenant, source });
  const last = found ?? (fresh ? null : before.last);
  keep(db, key, { upToId, deletions, last } satisfies LastTally);
  return last?.t ?? null;
}
