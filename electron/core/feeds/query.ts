import type { Db } from '../db/database';
import { LEVELS, type FeedEvent, type Level } from '../../../shared/domain/feeds';
import { toFeedEvent } from './repo';

export const BASELINE_MS = 30 * 60_000;

export type Window = { tenant: string; from: number; to: number };
export type FeedFilter = {
  levels?: Level[];
  sources?: string[];
  services?: string[];
  from?: number;
  to?: number;
  text?: string;
  groupKey?: string;
  beforeId?: number;
  afterId?: number;
  limit: number;
};

/** User text → an FTS5 query: every term must match, each as a prefix ("paym decl"). Quoted, so never syntax. */
export function ftsQuery(text: string): string | null {
  const terms = text.match(/[\p{L}\p{N}_@.:/-]+/gu)?.slice(0, 12) ?? [];
  if (terms.length === 0) return null;
  return terms.map((t) => `"${t.replace(/"/g, '""')}"*`).join(' ');
}

export function queryEvents(
  db: Db,
  w: Window,
  f: FeedFilter,
): { events: FeedEvent[]; hasMore: boolean } {
  const where = ['e.tenant = @tenant', 'e.time >= @from', 'e.time <= @to'];
  const params: Record<string, unknown> = {
    tenant: w.tenant,
    from: Math.max(w.from, f.from ?? -Infinity),
    to: Math.min(w.to, f.to ?? Infinity),
    limit: f.limit + 1,
  };
  if (f.levels?.length) {
    where.push(`e.level IN (${f.levels.map((l) => LEVELS.indexOf(l)).join(',')})`);
  }
  if (f.sources?.length) {
    where.push(`e.source IN (${f.sources.map((_, i) => `@source${i}`).join(',')})`);
    f.sources.forEach((s, i) => (params[`source${i}`] = s));
  }
  if (f.services?.length) {
    where.push(`e.service IN (${f.services.map((_, i) => `@service${i}`).join(',')})`);
    f.services.forEach((s, i) => (params[`service${i}`] = s));
  }
  if (f.groupKey) {
    where.push('e.group_key = @groupKey');
    params.groupKey = f.groupKey;
  }
  if (f.beforeId !== undefined) {
    where.push('e.id < @beforeId');
    params.beforeId = f.beforeId;
  }
  if (f.afterId !== undefined) {
    where.push('e.id > @afterId');
    params.afterId = f.afterId;
  }
  const match = f.text ? ftsQuery(f.text) : null;
  if (match && f.afterId === undefined) return newestMatches(db, match, where, params, f.limit);
  if (match) {
    where.push('e.id IN (SELECT rowid FROM feed_fts WHERE feed_fts MATCH @match)');
    params.match = match;
  }
  // Newest first for paging back; the live tail asks with afterId and gets oldest first.
  const order = f.afterId !== undefined ? 'ASC' : 'DESC';
  const rows = db
    .prepare(
      `SELECT e.* FROM feed_events e WHERE ${where.join(' AND ')} ORDER BY e.id ${order} LIMIT @limit`,
    )
    .all(params) as Parameters<typeof toFeedEvent>[0][];
  return { events: rows.slice(0, f.limit).map(toFeedEvent), hasMore: rows.length > f.limit };
}

/**
 * Full-text search, newest first: walk the index's matches from the newest rowid down in chunks
 * and apply the other filters to each chunk, instead of collecting every match and sorting.
 * A common word in a million events costs one or two chunks.
 */
function newestMatches(
  db: Db,
  match: string,
  where: string[],
  params: Record<string, unknown>,
  limit: number,
) {
  const chunk = Math.max(500, limit * 2);
  // Two plain steps the planner cannot turn around: ids from the index, then those rows by key.
  const ids = db.prepare<Record<string, unknown>, { id: number }>(
    'SELECT rowid AS id FROM feed_fts WHERE feed_fts MATCH @match AND rowid < @cursor ORDER BY rowid DESC LIMIT @chunk',
  );
  const rows = db.prepare(
    `SELECT e.* FROM feed_events e NOT INDEXED WHERE e.id IN (SELECT value FROM json_each(@ids)) AND ${where.join(' AND ')} ORDER BY e.id DESC`,
  );
  const found: FeedEvent[] = [];
  let cursor = typeof params.beforeId === 'number' ? params.beforeId : Number.MAX_SAFE_INTEGER;
  for (let rounds = 0; rounds < 400 && found.length <= limit; rounds++) {
    const batch = ids.all({ match, cursor, chunk }).map((r) => r.id);
    if (batch.length === 0) break;
    const matched = rows.all({ ...params, ids: JSON.stringify(batch) }) as Parameters<
      typeof toFeedEvent
    >[0][];
    found.push(...matched.slice(0, limit + 1 - found.length).map(toFeedEvent));
    cursor = batch[batch.length - 1]!;
    if (batch.length < chunk) break;
  }
  return { events: found.slice(0, limit), hasMore: found.length > limit };
}

export type ErrorGroup = {
  groupKey: string;
  type: string;
  sample: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
  /** First seen (ever, for this tenant) during the session. */
  isNew: boolean;
  sparkline: number[];
  lastEventId: number;
};

export function errorGroups(db: Db, w: Window, sessionStart: number, buckets = 24): ErrorGroup[] {
  const rows = db
    .prepare<
      Record<string, unknown>,
      {
        group_key: string;
        type: string;
        sample: string;
        count: number;
        first_seen: number;
        last_seen: number;
        last_id: number;
      }
    >(
      `SELECT group_key, MAX(error_type) AS type, MAX(message) AS sample, COUNT(*) AS count,
         MIN(time) AS first_seen, MAX(time) AS last_seen, MAX(id) AS last_id
       FROM feed_events WHERE tenant = @tenant AND time >= @from AND time <= @to AND group_key IS NOT NULL
       GROUP BY group_key ORDER BY last_seen DESC LIMIT 200`,
    )
    .all({ tenant: w.tenant, from: w.from, to: w.to });
  const earliest = db.prepare<[string, string], { t: number }>(
    'SELECT MIN(time) AS t FROM feed_events WHERE tenant = ? AND group_key = ?',
  );
  const span = Math.max(1, w.to - sessionStart);
  const spark = db.prepare<Record<string, unknown>, { b: number; n: number }>(
    `SELECT CAST((time - @start) * @buckets / @span AS INTEGER) AS b, COUNT(*) AS n FROM feed_events
     WHERE tenant = @tenant AND group_key = @key AND time >= @start AND time <= @to GROUP BY b`,
  );
  return rows.map((r) => {
    const sparkline = new Array<number>(buckets).fill(0);
    for (const s of spark.all({
      start: sessionStart,
      buckets,
      span,
      tenant: w.tenant,
      key: r.group_key,
      to: w.to,
    })) {
      if (s.b >= 0 && s.b < buckets) sparkline[s.b]! += s.n;
    }
    const first = earliest.get(w.tenant, r.group_key)?.t ?? r.first_seen;
    return {
      groupKey: r.group_key,
      type: r.type,
      sample: r.sample,
      count: r.count,
      firstSeen: r.first_seen,
      lastSeen: r.last_seen,
      isNew: first >= sessionStart,
      sparkline,
      lastEventId: r.last_id,
    };
  });
}

/** Events and errors per bucket, over the baseline window and the session. */
export function errorRate(db: Db, tenant: string, from: number, to: number, bucketMs: number) {
  const rows = db
    .prepare<Record<string, unknown>, { b: number; total: number; errors: number }>(
      `SELECT CAST((time - @from) / @bucket AS INTEGER) AS b, COUNT(*) AS total, SUM(level >= 4) AS errors
       FROM feed_events WHERE tenant = @tenant AND time >= @from AND time <= @to GROUP BY b ORDER BY b`,
    )
    .all({ tenant, from, to, bucket: bucketMs });
  const count = Math.max(1, Math.ceil((to - from) / bucketMs));
  const buckets = Array.from({ length: count }, (_, i) => ({
    start: from + i * bucketMs,
    total: 0,
    errors: 0,
  }));
  for (const r of rows)
    if (buckets[r.b]) Object.assign(buckets[r.b]!, { total: r.total, errors: r.errors });
  return buckets;
}

export function counterSum(
  db: Db,
  kind: string,
  from: number,
  to: number,
  tenant?: string,
): number {
  const row = db
    .prepare<Record<string, unknown>, { n: number | null }>(
      `SELECT SUM(count) AS n FROM feed_counts WHERE kind = @kind AND minute >= @from AND minute <= @to ${tenant !== undefined ? 'AND tenant = @tenant' : ''}`,
    )
    .get({ kind, from: Math.floor(from / 60_000), to: Math.floor(to / 60_000), tenant });
  return row?.n ?? 0;
}

export function redactionCounts(
  db: Db,
  tenant: string,
  from: number,
  to: number,
): Record<string, number> {
  const rows = db
    .prepare<Record<string, unknown>, { kind: string; n: number }>(
      `SELECT kind, SUM(count) AS n FROM feed_counts WHERE tenant = @tenant AND kind LIKE 'redacted:%' AND minute >= @from AND minute <= @to GROUP BY kind`,
    )
    .all({ tenant, from: Math.floor(from / 60_000), to: Math.floor(to / 60_000) });
  return Object.fromEntries(rows.map((r) => [r.kind.slice('redacted:'.length), r.n]));
}

/**
 * When the newest event of a source arrived. Ids follow arrival, so the newest row by id answers
 * it, walking back from the end (NOT INDEXED) instead of reading every row of the tenant:
 * 0.01 ms instead of 75 ms over 500,000 events, on a path the feed pane polls.
 */
export function lastEventAt(db: Db, tenant: string, source: string): number | null {
  return (
    db
      .prepare<[string, string], { t: number }>(
        'SELECT received_at AS t FROM feed_events NOT INDEXED WHERE tenant = ? AND source = ? ORDER BY id DESC LIMIT 1',
      )
      .get(tenant, source)?.t ?? null
  );
}
