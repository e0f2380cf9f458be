import type { Db } from '../../db/database';
import { levelRank, Level } from '../../../../shared/domain/feeds';
import { CONTROL_GROUP, CONTROL_LEVEL, groupHash } from '../store/control';
import { emptyBuckets } from './query';

const ERROR_RANK = levelRank('error');

/**
 * The control group's events (the tenants the flag is off for, counted at ingest: see
 * store/control.ts) per bucket, as errorRate gives the tenant's. Counts are kept per minute
 * received, so a bucket edge is exact to the minute (see below).
 */
export function controlRate(db: Db, from: number, to: number, bucketMs: number) {
  const rows = db
    .prepare<Record<string, unknown>, { minute: number; kind: string; n: number }>(
      `SELECT minute, kind, SUM(count) AS n FROM feed_counts
       WHERE tenant = '' AND minute >= @from AND minute <= @to AND substr(kind, 1, @len) = @prefix
       GROUP BY minute, kind`,
    )
    .all({
      from: Math.floor(from / 60_000),
      to: Math.floor(to / 60_000),
      len: CONTROL_LEVEL.length,
      prefix: CONTROL_LEVEL,
    });
  const buckets = emptyBuckets(from, to, bucketMs);
  for (const r of rows) {
    // A minute goes to the bucket its last moment falls in: the minute in which the session
    // started counts as the session's.
    const end = Math.min(Math.max(r.minute * 60_000 + 59_999, from), to);
    const b = buckets[Math.min(buckets.length - 1, Math.floor((end - from) / bucketMs))];
    const level = Level.safeParse(r.kind.slice(CONTROL_LEVEL.length));
    if (!b || !level.success) continue;
    b.total += r.n;
    if (levelRank(level.data) >= ERROR_RANK) b.errors += r.n;
  }
  return buckets;
}

/** How often each error group occurred in the control group between from and to. */
export function controlGroupCounts(
  db: Db,
  groupKeys: readonly string[],
  from: number,
  to: number,
): Map<string, number> {
  const sum = db.prepare<Record<string, unknown>, { n: number | null }>(
    `SELECT SUM(count) AS n FROM feed_counts
     WHERE tenant = '' AND kind = @kind AND minute >= @from AND minute <= @to`,
  );
  const range = { from: Math.floor(from / 60_000), to: Math.floor(to / 60_000) };
  return new Map(
    groupKeys.map((key) => [
      key,
      sum.get({ ...range, kind: CONTROL_GROUP + groupHash(key) })?.n ?? 0,
    ]),
  );
}
