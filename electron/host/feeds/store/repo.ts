import type { Db } from '../../db/database';
import { levelRank, LEVELS, type FeedEvent, type Level } from '../../../../shared/domain/feeds';
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

/** Batched writes: rows, their full-text entries and the counters, in one transaction. */
export function createFeedRepo(db: Db) {
  const { writeRows } = createFeedWrites(db);

  /** Writes events and counters; returns the events with their ids. */
  const writeBatch = (events: NewFeedEvent[], counts: Count[]): FeedEvent[] => {
    const rows: FeedRows = [];
    for (const e of events) pushRow(rows, e);
    const ids = writeRows(rows, counts);
    return events.map((e, i) => ({ ...e, id: ids[i]! }));
  };

  return { writeRows, writeBatch, levelRank: (l: Level) => levelRank(l) };
}
export type FeedRepo = ReturnType<typeof createFeedRepo>;
