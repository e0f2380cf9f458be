import type { Db } from '../../db/database';

export type Count = { tenant: string; source: string; minute: number; kind: string; count: number };
/**
 * A local source's newest line time among the events of a batch: kept with them (in the same
 * transaction) as the source's cursor, so a command the host runs again after a restart skips
 * what it stored before.
 */
export type SourceMark = [sourceId: string, time: number];

/**
 * Events as the writer binds them: the columns of feed_events, ROW_WIDTH values per event one
 * after another, attributes already JSON. Cheap to hand to a worker thread (no nested objects).
 */
export type FeedRows = Array<string | number | null>;
export const ROW_WIDTH = 16;

/** Column offsets in a row (see FeedRows). */
const TENANT = 0;
const SOURCE = 1;
const TIME = 2;
const RECEIVED = 3;
const LEVEL = 4;
/** The level rank from which an event is an error (levelRank('error')). */
export const ERROR_RANK = 4;

/** The minute of a time as feed_minutes and feed_group_minutes store it: SQLite's `time / 60000`. */
export const storedMinute = (time: number) => Math.trunc(time / 60_000);

type Minute = [
  tenant: string,
  source: string,
  minute: number,
  total: number,
  errors: number,
  lastReceived: number,
];

/**
 * Events per tenant, source and minute of their own time (SQLite's `time / 60000`): the rows of
 * feed_minutes a batch adds to. A batch's events mostly share tenant, source and minute, so a row
 * like the one before it only adds to it. `width`: values per row, the first five as in FeedRows.
 */
export function minutesOf(rows: FeedRows, width = ROW_WIDTH): Minute[] {
  const out = new Map<string, Minute>();
  let last: Minute | undefined;
  for (let i = 0; i < rows.length; i += width) {
    const tenant = rows[i + TENANT] as string;
    const source = rows[i + SOURCE] as string;
    const minute = storedMinute(rows[i + TIME] as number);
    if (!last || last[2] !== minute || last[0] !== tenant || last[1] !== source) {
      const key = `${tenant}\u0000${source}\u0000${minute}`;
      last = out.get(key);
      if (!last) out.set(key, (last = [tenant, source, minute, 0, 0, 0]));
    }
    last[3]++;
    if ((rows[i + LEVEL] as number) >= ERROR_RANK) last[4]++;
    last[5] = Math.max(last[5], rows[i + RECEIVED] as number);
  }
  return [...out.values()];
}

const GROUP = 15;

type GroupMinute = [
  tenant: string,
  groupKey: string,
  minute: number,
  count: number,
  firstTime: number,
  lastTime: number,
  lastId: number,
];

/** The times of minute m of SQLite's `time / 60000` (truncated toward zero, as stored). */
export function minuteTimes(m: number): [number, number] {
  if (m > 0) return [m * 60_000, m * 60_000 + 59_999];
  if (m < 0) return [m * 60_000 - 59_999, m * 60_000];
  return [-59_999, 59_999];
}

/**
 * Events of an error group per tenant, group and minute of their own time, with the first and
 * last time and the newest id: the rows of feed_group_minutes a batch adds to (migration 15).
 */
function groupMinutesOf(rows: FeedRows, ids: readonly number[]) {
  const out = new Map<string, GroupMinute>();
  for (let i = 0, k = 0; i < rows.length; i += ROW_WIDTH, k++) {
    const group = rows[i + GROUP];
    if (typeof group !== 'string') continue;
    const tenant = rows[i + TENANT] as string;
    const time = rows[i + TIME] as number;
    const minute = storedMinute(time);
    const key = `${tenant}\u0000${group}\u0000${minute}`;
    const id = ids[k]!;
    const m = out.get(key);
    if (!m) out.set(key, [tenant, group, minute, 1, time, time, id]);
    else {
      m[3]++;
      m[4] = Math.min(m[4], time);
      m[5] = Math.max(m[5], time);
      m[6] = Math.max(m[6], id);
    }
  }
  return [...out.values()];
}

/** How long a stored batch's id is remembered; batches are only resent by the host that made them. */
const BATCH_ID_KEPT_MS = 60 * 60_000;

/**
 * The writes of a batch — rows, their full-text entries and the counters — in one transaction.
 * Imports nothing but types: the writer thread loads this and little else.
 */
export function createFeedWrites(db: Db) {
  const insert = db.prepare(
    `INSERT INTO feed_events (tenant, source, time, received_at, level, service, message, attributes, trace_id, span_id,
       release, environment, error_type, error_value, error_stack, group_key)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const index = db.prepare('INSERT INTO feed_fts (rowid, message) VALUES (?, ?)');
  // One statement indexes a batch whose ids run without a gap (they do, unless rowids ran out).
  const indexRange = db.prepare(
    'INSERT INTO feed_fts (rowid, message) SELECT id, message FROM feed_events WHERE id BETWEEN ? AND ?',
  );
  const count = db.prepare(
    `INSERT INTO feed_counts (tenant, source, minute, kind, count) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (tenant, source, minute, kind) DO UPDATE SET count = count + excluded.count`,
  );

  const addMinute = db.prepare(
    `INSERT INTO feed_minutes (tenant, source, minute, total, errors, last_received)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (tenant, source, minute) DO UPDATE SET total = total + excluded.total,
       errors = errors + excluded.errors, last_received = max(last_received, excluded.last_received)`,
  );

  const addGroupMinute = db.prepare(
    `INSERT INTO feed_group_minutes (tenant, group_key, minute, count, first_time, last_time, last_id)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (tenant, minute, group_key) DO UPDATE SET count = count + excluded.count,
       first_time = min(first_time, excluded.first_time),
       last_time = max(last_time, excluded.last_time), last_id = max(last_id, excluded.last_id)`,
  );

  const recordBatch = db.prepare(
    'INSERT INTO feed_batches (id, stored_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING',
  );
  const forgetBatches = db.prepare('DELETE FROM feed_batches WHERE stored_at < ?');
  const mark = db.prepare(
    'UPDATE feed_sources SET cursor = max(coalesce(cursor, @time), @time) WHERE id = @id',
  );

  /**
   * Writes rows (see FeedRows), counters and the sources' marks; returns the new ids, in order. With a batch id, the
   * batch is recorded in the same transaction, and a batch already recorded (sent again after its
   * writer died between commit and answer) writes nothing and returns null.
   */
  const writeRows = db.transaction(
    (
      rows: FeedRows,
      counts: Count[],
      batchId?: string,
      marks: readonly SourceMark[] = [],
    ): number[] | null => {
      if (batchId !== undefined) {
        const now = Date.now();
        if (recordBatch.run(batchId, now).changes === 0) return null;
        forgetBatches.run(now - BATCH_ID_KEPT_MS);
      }
      const ids = writeNew(rows, counts);
      for (const [id, time] of marks) mark.run({ id, time: Math.round(time) });
      return ids;
    },
  );

  function writeNew(rows: FeedRows, counts: Count[]): number[] {
    const ids: number[] = [];
    for (let i = 0; i < rows.length; i += ROW_WIDTH) {
      const id = Number(
        insert.run(
          rows[i],
          rows[i + 1],
          rows[i + 2],
          rows[i + 3],
          rows[i + 4],
          rows[i + 5],
          rows[i + 6],
          rows[i + 7],
          rows[i + 8],
          rows[i + 9],
          rows[i + 10],
          rows[i + 11],
          rows[i + 12],
          rows[i + 13],
          rows[i + 14],
          rows[i + 15],
        ).lastInsertRowid,
      );
      ids.push(id);
    }
    if (ids.length > 0) {
      const first = ids[0]!;
      const last = ids[ids.length - 1]!;
      if (last - first === ids.length - 1) indexRange.run(first, last);
      else for (let i = 0; i < ids.length; i++) index.run(ids[i], rows[i * ROW_WIDTH + 6]);
    }
    for (const c of counts) count.run(c.tenant, c.source, c.minute, c.kind, c.count);
    for (const m of minutesOf(rows)) addMinute.run(...m);
    for (const g of groupMinutesOf(rows, ids)) addGroupMinute.run(...g);
    return ids;
  }

  const merge = db.prepare("INSERT INTO feed_fts (feed_fts, rank) VALUES ('merge', ?)");
  const totalChanges = db.prepare<[], number>('SELECT total_changes()').pluck();
  return {
    writeRows,
    /**
     * One bounded step of merging the full-text index's segments (at most about `pages` pages
     * written); false once there is nothing left worth merging.
     */
    mergeStep(pages = 256): boolean {
      // As FTS5 documents it: a merge that changed fewer than two rows had nothing to do.
      const before = totalChanges.get()!;
      merge.run(pages);
      return totalChanges.get()! - before >= 2;
    },
  };
}
