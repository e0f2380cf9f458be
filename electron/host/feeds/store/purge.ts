import type { Db } from '../../db/database';
import { minutesOf, minuteTimes, storedMinute, type FeedRows } from './writes';

/** A window of one tenant's events to keep: from and to inclusive (a session and its baseline). */
export type KeptWindow = { tenant: string; from: number; to: number };
/**
 * What retention deletes: events older than `before` outside every window kept, in transactions
 * of at most `batch`, then the per-minute counters older than `countsBefore`.
 */
export type PurgeJob = { before: number; keep: KeptWindow[]; batch: number; countsBefore: number };
/** A stretch of one tenant's events to delete: after < time < until. */
export type PurgeRange = { tenant: string; after: number; until: number };

const FIRST = Number.MIN_SAFE_INTEGER;

/**
 * The stretches of a tenant's events below `before` that no window keeps, in time order. Each is
 * read through the (tenant, time) index, so a purge visits only what it deletes: the old query,
 * "time < before AND NOT (any window)", read the whole table every minute, 130 ms at 1,000,000
 * events, all of them kept.
 */
export function purgeRanges(tenant: string, before: number, keep: readonly KeptWindow[]) {
  const windows = keep.filter((w) => w.tenant === tenant).sort((a, b) => a.from - b.from);
  const ranges: PurgeRange[] = [];
  let after = FIRST - 1; // nothing kept yet: from the very first event
  for (const w of windows) {
    if (w.from >= before) break;
    // The stretch between the last window kept and this one (its first moment is kept).
    if (w.from > after + 1) ranges.push({ tenant, after, until: w.from });
    after = Math.max(after, w.to);
  }
  if (after + 1 < before) ranges.push({ tenant, after, until: before });
  return ranges;
}

/** One transaction's worth of a stretch to delete, oldest first, through the (tenant, time) index. */
export const SELECT_STRETCH = `SELECT id, message, tenant, source, time, received_at, level, group_key
  FROM feed_events WHERE tenant = @tenant AND time > @after AND time < @until ORDER BY time LIMIT @batch`;

type DeletedRow = {
  id: number;
  message: string;
  tenant: string;
  source: string;
  time: number;
  received_at: number;
  level: number;
  group_key: string | null;
};

/**
 * Retention on a connection that may write: the events of a job go in transactions of at most
 * job.batch events, with their full-text entries and their per-minute counts. A generator: each
 * step is one transaction and yields how many went, so the writer thread can take the batches
 * that arrive between two steps (see writerThread.ts), and the host's thread run it through.
 */
export function createPurger(db: Db) {
  const firstTenant = db.prepare<[], string | null>('SELECT MIN(tenant) FROM feed_events').pluck();
  const nextTenant = db
    .prepare<[string], string | null>('SELECT MIN(tenant) FROM feed_events WHERE tenant > ?')
    .pluck();
  const select = db.prepare<PurgeRange & { batch: number }, DeletedRow>(SELECT_STRETCH);
  const unindex = db.prepare(
    "INSERT INTO feed_fts (feed_fts, rowid, message) VALUES ('delete', ?, ?)",
  );
  const removeEvent = db.prepare('DELETE FROM feed_events WHERE id = ?');
  const subtractMinute = db.prepare(
    `UPDATE feed_minutes SET total = total - @total, errors = errors - @errors
     WHERE tenant = @tenant AND source = @source AND minute = @minute`,
  );
  const dropEmptyMinutes = db.prepare('DELETE FROM feed_minutes WHERE total <= 0');
  // A group's minute that lost events is counted again from what is left of it (one minute of
  // one group, through the group index), its times and newest id too; left with none, it goes.
  const recount = db.prepare<
    Record<string, unknown>,
    { n: number; first: number | null; last: number | null; id: number | null }
  >(
    `SELECT COUNT(*) AS n, MIN(time) AS first, MAX(time) AS last, MAX(id) AS id
     FROM feed_events INDEXED BY feed_events_group
     WHERE tenant = @tenant AND group_key = @group AND time >= @lo AND time <= @hi`,
  );
  const setGroupMinute = db.prepare(
    `UPDATE feed_group_minutes SET count = @n, first_time = @first, last_time = @last, last_id = @id
     WHERE tenant = @tenant AND group_key = @group AND minute = @minute`,
  );
  const dropGroupMinute = db.prepare(
    'DELETE FROM feed_group_minutes WHERE tenant = @tenant AND group_key = @group AND minute = @minute',
  );
  const removeCountsBefore = db.prepare('DELETE FROM feed_counts WHERE minute < ?');

  const remove = db.transaction((rows: DeletedRow[]) => {
    for (const r of rows) {
      unindex.run(r.id, r.message);
      removeEvent.run(r.id);
    }
    // The per-minute counts lose what was deleted, in the same transaction.
    const gone: FeedRows = [];
    for (const r of rows) gone.push(r.tenant, r.source, r.time, r.received_at, r.level);
    for (const [tenant, source, minute, total, errors] of minutesOf(gone, 5))
      subtractMinute.run({ tenant, source, minute, total, errors });
    dropEmptyMinutes.run();
    // The error groups' minutes that lost events, counted again from what is left of each.
    const touched = new Map<string, { tenant: string; group: string; minute: number }>();
    for (const r of rows) {
      if (r.group_key === null) continue;
      const minute = storedMinute(r.time);
      const key = `${r.tenant}\u0000${r.group_key}\u0000${minute}`;
      touched.set(key, { tenant: r.tenant, group: r.group_key, minute });
    }
    for (const g of touched.values()) {
      const [lo, hi] = minuteTimes(g.minute);
      const left = recount.get({ ...g, lo, hi })!;
      if (left.n === 0) dropGroupMinute.run(g);
      else setGroupMinute.run({ ...g, ...left });
    }
  });

  /** The tenants with stored events, one index lookup each. */
  function tenants(): string[] {
    const found: string[] = [];
    for (let t = firstTenant.get(); t !== null && t !== undefined; t = nextTenant.get(t))
      found.push(t);
    return found;
  }

  function* steps(job: PurgeJob): Generator<number, void> {
    for (const tenant of tenants())
      for (const range of purgeRanges(tenant, job.before, job.keep))
        for (;;) {
          const rows = select.all({ ...range, batch: job.batch });
          if (rows.length === 0) break;
          remove(rows);
          yield rows.length;
          if (rows.length < job.batch) break;
        }
    removeCountsBefore.run(Math.floor(job.countsBefore / 60_000));
  }

  return {
    steps,
    /** The whole job at once; how many events went. */
    run(job: PurgeJob): number {
      let total = 0;
      for (const n of steps(job)) total += n;
      return total;
    },
  };
}
