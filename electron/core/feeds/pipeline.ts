import type { FeedEvent, FeedSettings, RawFeedEvent } from '../../../shared/domain/feeds';
import type { Db } from '../db/database';
import { groupKeyOf } from './normalize';
import { createRedactor, type Redactor } from './redact';
import { createFeedRepo, type Count, type NewFeedEvent } from './repo';

/** A tenant some session is watching, with how to recognise it and what to redact. */
export type Watch = { tenantId: string; settings: FeedSettings };

export class OverloadedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('Ensemble is busy storing events; retry shortly');
  }
}

export type IngestResult = { accepted: number; dropped: number };
export type PipelineOptions = {
  db: Db;
  now: () => number;
  watches: () => Watch[];
  /** Called after each stored batch, for the live view. */
  onStored: (events: FeedEvent[]) => void;
  batchMs?: number;
  maxBatch?: number;
  /** Events waiting to be written before receivers are told to back off. */
  maxQueue?: number;
};

const minuteOf = (t: number) => Math.floor(t / 60_000);

/**
 * One pipeline for every source: the tenant filter first (other tenants are only counted),
 * then redaction, then batched storage with full-text indexing. Ingest never writes on the
 * caller's path; a full queue makes receivers answer "retry later" instead of dropping.
 */
export function createFeedPipeline(options: PipelineOptions) {
  const repo = createFeedRepo(options.db);
  // FTS5 writes an index segment per commit: fewer, larger batches cost far less than many small ones,
  // and a quarter second still puts an error on screen well within two seconds.
  const batchMs = options.batchMs ?? 250;
  const maxBatch = options.maxBatch ?? 5000;
  const maxQueue = options.maxQueue ?? 100_000;
  const queue: NewFeedEvent[] = [];
  let counts = new Map<string, Count>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const redactors = new Map<string, { key: string; redactor: Redactor }>();
  const idle: Array<() => void> = [];

  const bump = (tenant: string, source: string, time: number, kind: string, n = 1) => {
    const minute = minuteOf(time);
    const key = `${tenant}\u0000${source}\u0000${minute}\u0000${kind}`;
    const c = counts.get(key);
    if (c) c.count += n;
    else counts.set(key, { tenant, source, minute, kind, count: n });
  };

  function redactorFor(w: Watch): Redactor {
    const key = JSON.stringify(w.settings.redaction);
    const cached = redactors.get(w.tenantId);
    if (cached && cached.key === key) return cached.redactor;
    const redactor = createRedactor(w.settings.redaction);
    redactors.set(w.tenantId, { key, redactor });
    return redactor;
  }

  function tenantOf(e: RawFeedEvent, watches: Watch[]): Watch | undefined {
    return watches.find((w) => {
      const tagged =
        e.source === 'sentry' ? e.attributes[`tag:${w.settings.sentryTenantTag}`] : undefined;
      return String(tagged ?? e.attributes[w.settings.tenantKey] ?? '') === w.tenantId;
    });
  }

  function flush() {
    timer = null;
    while (queue.length > 0 || counts.size > 0) {
      const batch = queue.splice(0, maxBatch);
      const batchCounts = [...counts.values()];
      counts = new Map();
      const saved = repo.writeBatch(batch, batchCounts);
      if (saved.length > 0) options.onStored(saved);
    }
    idle.splice(0).forEach((resolve) => resolve());
  }

  return {
    /** Filter, redact and queue. Throws OverloadedError when the writer is too far behind. */
    ingest(source: string, events: readonly RawFeedEvent[]): IngestResult {
      if (queue.length + events.length > maxQueue) throw new OverloadedError(1);
      const watches = options.watches();
      const receivedAt = options.now();
      let dropped = 0;
      for (const raw of events) {
        const watch = tenantOf(raw, watches);
        if (!watch) {
          dropped++;
          continue;
        }
        const r = redactorFor(watch);
        const { fingerprint, ...e } = raw;
        const attributes = r.attributes(e.attributes);
        const message = r.text(e.message);
        const error = e.error
          ? {
              type: r.text(e.error.type),
              value: r.text(e.error.value),
              stack: r.text(e.error.stack),
            }
          : null;
        queue.push({
          ...e,
          tenant: watch.tenantId,
          source,
          receivedAt,
          message,
          attributes,
          error,
          traceId: e.traceId,
          groupKey: groupKeyOf(error, fingerprint, message),
        });
        for (const [kind, n] of Object.entries(r.drain()))
          bump(watch.tenantId, source, receivedAt, `redacted:${kind}`, n ?? 0);
      }
      if (dropped > 0) bump('', source, receivedAt, 'dropped-other-tenant', dropped);
      if (!timer) timer = setTimeout(flush, batchMs);
      return { accepted: events.length - dropped, dropped };
    },
    /** Write whatever is queued now (tests, shutdown). */
    flush,
    /** Resolves once everything queued so far is stored. */
    drained(): Promise<void> {
      if (!timer && queue.length === 0) return Promise.resolve();
      return new Promise((resolve) => idle.push(resolve));
    },
    queued: () => queue.length,
    stop() {
      if (timer) clearTimeout(timer);
      flush();
    },
  };
}
export type FeedPipeline = ReturnType<typeof createFeedPipeline>;
