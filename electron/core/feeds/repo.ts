import type { Db } from '../db/database';
import { levelRank, LEVELS, type FeedEvent, type Level } from '../../../shared/domain/feeds';

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
export type Count = { tenant: string; source: string; minute: number; kind: string; count: number };

/** Batched writes: rows, their full-text entries and the counters, in one transaction. */
export function createFeedRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO feed_events (tenant, source, time, received_at, level, service, message, attributes, trace_id, span_id,
       release, environment, error_type, error_value, error_stack, group_key)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const index = db.prepare('INSERT INTO feed_fts (rowid, message) VALUES (?, ?)');
  const count = db.prepare(
    `INSERT INTO feed_counts (tenant, source, minute, kind, count) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (tenant, source, minute, kind) DO UPDATE SET count = count + excluded.count`,
  );

  const writeBatch = db.transaction((events: NewFeedEvent[], counts: Count[]): FeedEvent[] => {
    const saved: FeedEvent[] = [];
    for (const e of events) {
      const id = Number(
        insert.run(
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
          e.error?.type ?? null,
          e.error?.value ?? null,
          e.error?.stack ?? null,
          e.groupKey,
        ).lastInsertRowid,
      );
      index.run(id, e.message);
      saved.push({ ...e, id });
    }
    for (const c of counts) count.run(c.tenant, c.source, c.minute, c.kind, c.count);
    return saved;
  });

  return { writeBatch, levelRank: (l: Level) => levelRank(l) };
}
export type FeedRepo = ReturnType<typeof createFeedRepo>;
