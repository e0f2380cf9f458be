import type { Db } from '../../db/database';
import { levelRank, LEVELS, type FeedEvent } from '../../../../shared/domain/feeds';
import { createFeedWrites, type Count, type FeedRows } from './writes';

type Row = {
  id: number;
  tenant: string;
  source: string;
  time: number;
  received_at: number;
  level: number;
  service: string;
  message: string;
  attributes: string;
  trace_id: string | null;
  span_id: string | null;
  release: string | null;
  environment: string | null;
  error_type: string | null;
  error_value: string | null;
  error_stack: string | null;
  group_key: string | null;
};

export const toFeedEvent = (r: Row): FeedEvent => ({
  id: r.id,
  tenant: r.tenant,
  source: r.source,
  time: r.time,
  receivedAt: r.received_at,
  level: LEVELS[r.level] ?? 'info',
  service: r.service,
  message: r.message,
  attributes: JSON.parse(r.attributes),
  traceId: r.trace_id,
  spanId: r.span_id,
  release: r.release,
  environment: r.environment,
  error:
    r.error_type !== null
      ? { type: r.error_type, value: r.error_value ?? '', stack: r.error_stack ?? '' }
      : null,
  groupKey: r.group_key,
});

export type NewFeedEvent = Omit<FeedEvent, 'id'>;

export { ROW_WIDTH, type Count, type FeedRows } from './writes';

/** Appends one event's columns to rows (see FeedRows). */
export function pushRow(rows: FeedRows, e: NewFeedEvent): void {
  rows.push(
    e.tenant,
    e.source,
    Math.round(e.time),
    e.receivedAt,
    levelRank(e.level),
    e.service,
    e.message,
    JSON.stringify(e.attributes),
    e.traceId,
    e.spanId,
    e.release,
    e.environment,
    e.error ? e.error.type : null,
    e.error ? e.error.value : null,
    e.error ? e.error.stack : null,
    e.groupKey,
  );
}

/**
 * The feeds repository on a connection: batched writes (rows, their full-text entries and the
 * counters, in one transaction) and the reads other domains make of stored events, so that no
 * other domain runs SQL on the feed tables.
 */
export function createFeedRepo(db: Db) {
  const { writeRows } = createFeedWrites(db);
  const summaryOf = db.prepare<[number], { tenant: string; message: string }>(
    'SELECT tenant, message FROM feed_events WHERE id = ?',
  );
  const newestOfGroup = db
    .prepare<[string, string], string>(
      'SELECT message FROM feed_events WHERE tenant = ? AND group_key = ? ORDER BY id DESC LIMIT 1',
    )
    .pluck();
  const timesOf = db.prepare<[string], { id: number; time: number; trace_id: string | null }>(
    'SELECT id, time, trace_id FROM feed_events WHERE id IN (SELECT value FROM json_each(?))',
  );
  const pullKeysOf = db.prepare<[string, string, number], { key: string | null; time: number }>(
    `SELECT json_extract(attributes, '$."pull.id"') AS key, time FROM feed_events
     WHERE tenant = ? AND source = ? AND time >= ?`,
  );

  /** Writes events and counters; returns the events with their ids. */
  const writeBatch = (events: NewFeedEvent[], counts: Count[]): FeedEvent[] => {
    const rows: FeedRows = [];
    for (const e of events) pushRow(rows, e);
    const ids = writeRows(rows, counts)!; // no batch id: never skipped
    return events.map((e, i) => ({ ...e, id: ids[i]! }));
  };

  return {
    writeRows,
    writeBatch,
    /** An event's tenant and message (a pinned event is checked and summarised by them). */
    eventSummary: (id: number) => summaryOf.get(id),
    /** The newest message of a tenant's error group; undefined when it has no events. */
    newestGroupMessage: (tenant: string, groupKey: string) => newestOfGroup.get(tenant, groupKey),
    /** Time and trace of the events with these ids; ids not stored (any more) are left out. */
    eventTimes: (ids: readonly number[]) =>
      ids.length === 0
        ? []
        : timesOf
            .all(JSON.stringify(ids))
            .map((r) => ({ id: r.id, time: r.time, traceId: r.trace_id })),
    /**
     * What a source already stored for a tenant since `since`, by the key its API gave each
     * event (pull sources skip those when they read a stretch again).
     */
    storedPullKeys: (tenant: string, source: string, since: number) =>
      pullKeysOf
        .all(tenant, source, since)
        .filter((k): k is { key: string; time: number } => typeof k.key === 'string'),
  };
}
export type FeedRepo = ReturnType<typeof createFeedRepo>;
