import type { Db } from '../../db/database';
import { LEVELS, type FeedEvent, type Level } from '../../../../shared/domain/feeds';
import { toFeedEvent } from '../store/repo';
import { minuteTimes, storedMinute } from '../store/writes';

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

const TERM = /[\p{L}\p{N}_@.:/-]+/gu;
const quote = (t: string) => `"${t.replace(/"/g, '""')}"`;

/** Past this many indexed terms a prefix stays a prefix query. */
const MAX_EXPANSION = 16;
const vocabularies = new WeakSet<Db>();

/**
 * The indexed terms starting with a prefix, in order, or null when there are more than max.
 * Read from an fts5vocab table over feed_fts (per connection, in its temp schema): each step
 * seeks to the next term, so common terms cost no more than rare ones.
 */
function termsStartingWith(db: Db, prefix: string, max: number): string[] | null {
  if (!vocabularies.has(db)) {
    db.exec(
      "CREATE VIRTUAL TABLE IF NOT EXISTS temp.feed_fts_terms USING fts5vocab('main', 'feed_fts', 'instance')",
    );
    vocabularies.add(db);
  }
  const next = db
    .prepare<[string], string>('SELECT term FROM temp.feed_fts_terms WHERE term >= ? LIMIT 1')
    .pluck();
  const terms: string[] = [];
  // The smallest string after a term: terms hold no control characters.
  for (
    let t = next.get(prefix);
    t !== undefined && t.startsWith(prefix);
    t = next.get(`${t}\u0001`)
  ) {
    if (terms.length === max) return null;
    terms.push(t);
  }
  return terms;
}

/**
 * User text → an FTS5 query: every term must match, each as a prefix ("paym decl"), quoted so
 * never syntax. A plain prefix is written out as the few terms it stands for in the index
 * ("check" → "checkout" OR "checkin"), with the same matches: FTS5 reads a prefix query's every match
 * before the newest (80 ms for a word in each of a million events), where whole terms are read
 * newest first and stop at the limit. Terms of letters and digits only, which the index
 * (unicode61) keeps as one lower-cased token; anything else stays a prefix query.
 */
export function ftsMatch(db: Db, text: string): string | null {
  const terms = text.match(TERM)?.slice(0, 12) ?? [];
  if (terms.length === 0) return null;
  return terms
    .map((t) => {
      if (!/^[A-Za-z0-9]+$/.test(t)) return `${quote(t)}*`;
      const whole = termsStartingWith(db, t.toLowerCase(), MAX_EXPANSION);
      if (!whole) return `${quote(t)}*`;
      if (whole.length === 0) return quote(t); // matches nothing, at once
      return whole.length === 1 ? quote(whole[0]!) : `(${whole.map(quote).join(' OR ')})`;
    })
    .join(' AND '); // explicit: FTS5 does not read a group next to a phrase as AND
}

export function queryEvents(
  db: Db,
  w: Window,
  f: FeedFilter,
  /** Ids walked from the cursor before the time index is asked (tests make it small). */
  stretch = STRETCH,
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
  const match = f.text ? ftsMatch(db, f.text) : null;
  if (match && f.afterId === undefined) return newestMatches(db, match, where, params, f.limit);
  if (match) {
    // The live tail: only matches after the last one shown, which the index seeks to.
    where.push(
      'e.id IN (SELECT rowid FROM feed_fts WHERE feed_fts MATCH @match AND rowid > @afterId)',
    );
    params.match = match;
  }
  // Newest first for paging back; the live tail asks with afterId and gets oldest first.
  const rows = walk(db, where, params, stretch, f.afterId !== undefined ? 'ASC' : 'DESC');
  return { events: rows.slice(0, f.limit).map(toFeedEvent), hasMore: rows.length > f.limit };
}

type Row = Parameters<typeof toFeedEvent>[0];

/** Ids walked at first, from the cursor, before the time index is asked instead. */
export const STRETCH = 50_000;

/**
 * The terms that may use an index (tenant, time) turned off with a unary +: the statement walks
 * the ids from the cursor instead, and stops at the limit. The planner, left to itself, reads
 * every event of the window from the time index and sorts them all for the newest page: a
 * second of the host's thread for 500,000 events, every time a feed was opened.
 */
const byId = (where: string[]) =>
  where.map((w) => w.replace(/^e\.(tenant|time) /, '+e.$1 ')).join(' AND ');

const idRange = (db: Db) =>
  // Two subqueries: each is one seek, where min() and max() side by side read the whole table.
  db
    .prepare(
      'SELECT (SELECT min(id) FROM feed_events) AS low, (SELECT max(id) FROM feed_events) AS high',
    )
    .get() as {
    low: number | null;
    high: number | null;
  };

/**
 * A page walking the ids from its cursor: the STRETCH ids next to the cursor first, where a page
 * of a busy feed always is; whatever it lacks then comes from the time index, beyond that
 * stretch (a rare service, an old window). Newest first (paging back) or, for the live tail,
 * oldest first after afterId; the cursor itself is already a term of `where`.
 */
function walk(
  db: Db,
  where: string[],
  params: Record<string, unknown>,
  stretch: number,
  order: 'ASC' | 'DESC',
): Row[] {
  const { low, high } = idRange(db);
  if (low === null || high === null) return [];
  const down = order === 'DESC';
  const edge = down
    ? (typeof params.beforeId === 'number' ? params.beforeId : high + 1) - stretch
    : (params.afterId as number) + stretch;
  const recent = db
    .prepare(
      `SELECT e.* FROM feed_events e WHERE ${byId(where)} AND e.id ${down ? '>=' : '<='} @edge ORDER BY e.id ${order} LIMIT @limit`,
    )
    .all({ ...params, edge }) as Row[];
  const limit = params.limit as number;
  if (recent.length >= limit || (down ? edge <= low : edge >= high)) return recent;
  const beyond = db
    .prepare(
      `SELECT e.* FROM feed_events e WHERE ${where.join(' AND ')} AND e.id ${down ? '<' : '>'} @edge ORDER BY e.id ${order} LIMIT @limit`,
    )
    .all({ ...params, edge, limit: limit - recent.length }) as Row[];
  return [...recent, ...beyond];
}

/**
 * Full-text search, newest first: walk the index's matches from the newest rowid down in chunks
 * and apply the other filters to each chunk, instead of collecting every match and sorting.
 * Chunks start at what the page needs and grow, so a common word in a million events costs one;
 * whole rows are read only for the page.
 */
function newestMatches(
  db: Db,
  match: string,
  where: string[],
  params: Record<string, unknown>,
  limit: number,
) {
  // Two plain steps the planner cannot turn around: ids from the index, then those rows by key.
  const ids = db
    .prepare<Record<string, unknown>, number>(
      'SELECT rowid FROM feed_fts WHERE feed_fts MATCH @match AND rowid < @cursor ORDER BY rowid DESC LIMIT @chunk',
    )
    .pluck();
  const kept = db
    .prepare<Record<string, unknown>, number>(
      `SELECT e.id FROM feed_events e NOT INDEXED WHERE e.id IN (SELECT value FROM json_each(@ids)) AND ${where.join(' AND ')} ORDER BY e.id DESC`,
    )
    .pluck();
  const want = limit + 1;
  const found: number[] = [];
  let cursor = typeof params.beforeId === 'number' ? params.beforeId : Number.MAX_SAFE_INTEGER;
  let chunk = Math.max(want, 100);
  // At most 200,000 matches are looked at, as many as 400 chunks of 500 before.
  for (let seen = 0; seen < 200_000 && found.length < want; chunk = Math.min(chunk * 4, 20_000)) {
    const batch = ids.all({ match, cursor, chunk });
    if (batch.length === 0) break;
    seen += batch.length;
    for (const id of kept.all({ ...params, ids: JSON.stringify(batch) })) {
      if (found.length === want) break;
      found.push(id);
    }
    cursor = batch[batch.length - 1]!;
    if (batch.length < chunk) break;
  }
  const page = found.slice(0, limit);
  const rows =
    page.length === 0
      ? []
      : (db
          .prepare(
            'SELECT e.* FROM feed_events e NOT INDEXED WHERE e.id IN (SELECT value FROM json_each(?)) ORDER BY e.id DESC',
          )
          .all(JSON.stringify(page)) as Parameters<typeof toFeedEvent>[0][]);
  return { events: rows.map(toFeedEvent), hasMore: found.length > limit };
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

type Tally = { group: string; n: number; first: number; last: number; id: number };

/**
 * The tenant's error groups in the window, newest first (at most 200), read in one transaction:
 * the writer commits and purges beside it, and every part must come from the same moment.
 */
export function errorGroups(db: Db, w: Window, sessionStart: number, buckets = 24): ErrorGroup[] {
  return db.transaction(() => readGroups(db, w, sessionStart, buckets))();
}

function readGroups(db: Db, w: Window, sessionStart: number, buckets: number): ErrorGroup[] {
  // Whole minutes come from the per-minute counts (feed_group_minutes, kept as events are
  // written): one range of rows, a row per group and minute however many errors. The minutes the
  // window's ends and the session's start fall in are read event by event, through the group
  // index for each group they hold, so counts, times and sparklines are exact there. (Counted
  // from the group index alone, every error of the tenant was read each second a Run page was
  // open: 10-30 ms at 1,000,000 stored, more each hour, on the thread that answers the API.)
  const firstMinute = storedMinute(w.from);
  const lastMinute = storedMinute(w.to);
  const startMinute = storedMinute(sessionStart);
  const edges = new Set([firstMinute, lastMinute, startMinute]);
  const minutes = db.prepare<
    Record<string, unknown>,
    {
      minute: number;
      group_key: string;
      count: number;
      first_time: number;
      last_time: number;
      last_id: number;
    }
  >(
    `SELECT minute, group_key, count, first_time, last_time, last_id FROM feed_group_minutes
     WHERE tenant = @tenant AND minute >= @from AND minute <= @to`,
  );
  // An edge minute of one group, counted in SQLite: a row per sparkline bucket (-1: before the
  // session started), each with its count, times and newest id.
  const edgeBuckets = db.prepare<
    Record<string, unknown>,
    { b: number; n: number; first: number; last: number; id: number }
  >(
    `SELECT CASE WHEN time < @start THEN -1
         ELSE CAST((time - @start) * @buckets / @span AS INTEGER) END AS b,
       COUNT(*) AS n, MIN(time) AS first, MAX(time) AS last, MAX(id) AS id
     FROM feed_events INDEXED BY feed_events_group
     WHERE tenant = @tenant AND group_key = @group AND time >= @lo AND time <= @hi
     GROUP BY b`,
  );
  const span = Math.max(1, w.to - sessionStart);
  const tallies = new Map<string, Tally>();
  const sparklines = new Map<string, number[]>();
  /** n events of a group, the first at `first`, the last (id) at `last`, in sparkline bucket b. */
  const add = (group: string, n: number, first: number, last: number, id: number, b: number) => {
    const t = tallies.get(group);
    if (!t) tallies.set(group, { group, n, first, last, id });
    else {
      t.n += n;
      t.first = Math.min(t.first, first);
      t.last = Math.max(t.last, last);
      t.id = Math.max(t.id, id);
    }
    if (b < 0 || b >= buckets) return;
    let line = sparklines.get(group);
    if (!line) sparklines.set(group, (line = new Array<number>(buckets).fill(0)));
    line[b]! += n;
  };
  const bucketOf = (t: number) =>
    t < sessionStart ? -1 : Math.floor(((t - sessionStart) * buckets) / span);
  for (const r of minutes.all({ tenant: w.tenant, from: firstMinute, to: lastMinute })) {
    if (!edges.has(r.minute)) {
      // A whole minute inside the window: on the sparkline by its last event, exact to the
      // minute as the error rate's buckets are.
      add(r.group_key, r.count, r.first_time, r.last_time, r.last_id, bucketOf(r.last_time));
      continue;
    }
    const [lo, hi] = minuteTimes(r.minute);
    const range = { lo: Math.max(lo, w.from), hi: Math.min(hi, w.to) };
    if (range.lo > range.hi) continue;
    const where = { tenant: w.tenant, group: r.group_key, start: sessionStart, buckets, span };
    for (const e of edgeBuckets.all({ ...where, ...range }))
      add(r.group_key, e.n, e.first, e.last, e.id, e.b);
  }
  const rows = [...tallies.values()]
    .sort((a, b) => b.last - a.last || (a.group < b.group ? -1 : 1))
    .slice(0, 200);

  const newest = db.prepare<[number], { type: string | null; sample: string }>(
    'SELECT error_type AS type, message AS sample FROM feed_events WHERE id = ?',
  );
  const earliest = db.prepare<[string, string], { t: number }>(
    'SELECT MIN(time) AS t FROM feed_events WHERE tenant = ? AND group_key = ?',
  );
  return rows.map((r) => {
    const firstEver = earliest.get(w.tenant, r.group)?.t ?? r.first;
    const latest = newest.get(r.id);
    return {
      groupKey: r.group,
      type: latest?.type ?? '',
      sample: latest?.sample ?? '',
      count: r.n,
      firstSeen: r.first,
      lastSeen: r.last,
      isNew: firstEver >= sessionStart,
      sparkline: sparklines.get(r.group) ?? new Array<number>(buckets).fill(0),
      lastEventId: r.id,
    };
  });
}

/** Buckets of bucketMs from `from` to `to` (at least one), nothing counted yet. */
export function emptyBuckets(from: number, to: number, bucketMs: number) {
  const count = Math.max(1, Math.ceil((to - from) / bucketMs));
  return Array.from({ length: count }, (_, i) => ({
    start: from + i * bucketMs,
    total: 0,
    errors: 0,
  }));
}

/**
 * Events and errors per bucket, over the baseline window and the session, from the per-minute
 * counts the store keeps (feed_minutes, by the minute of each event's time): reading them costs
 * the same in a 2-hour session as in a 2-minute one. A minute goes to the bucket its last moment
 * falls in, as the control group's do (controlRate), so both are exact to the minute.
 */
export function errorRate(db: Db, tenant: string, from: number, to: number, bucketMs: number) {
  const rows = db
    .prepare<Record<string, unknown>, { minute: number; total: number; errors: number }>(
      `SELECT minute, SUM(total) AS total, SUM(errors) AS errors FROM feed_minutes
       WHERE tenant = @tenant AND minute >= @from AND minute <= @to GROUP BY minute`,
    )
    .all({ tenant, from: storedMinute(from), to: storedMinute(to) });
  const buckets = emptyBuckets(from, to, bucketMs);
  for (const r of rows) {
    const end = Math.min(Math.max(r.minute * 60_000 + 59_999, from), to);
    const b = buckets[Math.min(buckets.length - 1, Math.floor((end - from) / bucketMs))];
    if (!b) continue;
    b.total += r.total;
    b.errors += r.errors;
  }
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
 * When the newest event of a source arrived, from the per-minute counts (one row per minute of
 * the source's events), on a path the feed pane polls. Walking the events back from the newest
 * was quick for a busy source but read every row for a source with none: 1.8 s over 820,000
 * events, seconds more each hour of a session.
 */
export function lastEventAt(db: Db, tenant: string, source: string): number | null {
  return (
    db
      .prepare<[string, string], { t: number | null }>(
        'SELECT MAX(last_received) AS t FROM feed_minutes WHERE tenant = ? AND source = ?',
      )
      .get(tenant, source)?.t ?? null
  );
}
