import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, type Db } from '../../db/database';
import { createFeedRepo, type FeedRepo } from '../store/repo';
import { rawEvent } from '../../../../test-support/feedEvents';
import type { Level } from '../../../../shared/domain/feeds';
import { emptyBuckets, errorRate, lastEventAt } from './tallies';

const MIN = 60_000;
const T0 = 1_800_000_000_000;
let db: Db;
let repo: FeedRepo;
let n = 0;

beforeEach(() => {
  db = new Database(':memory:');
  migrate(db);
  repo = createFeedRepo(db);
});
afterEach(() => db.close());

/** Stores events as the pipeline would: `time` as the source says, received now. */
function store(
  events: Array<{ time: number; level?: Level; tenant?: string; source?: string }>,
  receivedAt = T0,
) {
  repo.writeBatch(
    events.map((e) => ({
      ...rawEvent(e.time, `event ${++n}`, { level: e.level ?? 'info' }),
      tenant: e.tenant ?? 'internal',
      source: e.source ?? 'otlp',
      receivedAt,
      groupKey: null,
    })),
    [],
  );
}

/** Every event read again, as the rate was counted before it was tallied. */
function counted(tenant: string, from: number, to: number, bucketMs: number) {
  const buckets = emptyBuckets(from, to, bucketMs);
  const rows = db
    .prepare<unknown[], { time: number; level: number }>(
      'SELECT time, level FROM feed_events WHERE tenant = ? AND time >= ? AND time <= ?',
    )
    .all(tenant, from, to);
  for (const r of rows) {
    const b = buckets[Math.floor((r.time - from) / bucketMs)]!;
    b.total++;
    if (r.level >= 4) b.errors++;
  }
  return buckets;
}

describe('error rate tallies', () => {
  it('count what a full read counts, as events arrive, dated late or ahead, and after retention', () => {
    const from = T0 - 30 * MIN;
    const rate = (to: number) => errorRate(db, 'internal', from, to, MIN);
    store([{ time: T0 - 40 * MIN }, { time: T0 - 10 * MIN }, { time: T0 + 1, level: 'error' }]);
    expect(rate(T0 + MIN)).toEqual(counted('internal', from, T0 + MIN, MIN));

    // New events; one dated two minutes ahead of the window's end; another tenant's; a late one.
    store([
      { time: T0 + 30_000, level: 'fatal' },
      { time: T0 + 3 * MIN, level: 'error' },
      { time: T0 + 30_000, tenant: 'other' },
      { time: T0 - 20 * MIN, level: 'warn' },
    ]);
    expect(rate(T0 + 2 * MIN)).toEqual(counted('internal', from, T0 + 2 * MIN, MIN));
    // The window grows over the event dated ahead: it counts now, once.
    store([{ time: T0 + 3 * MIN + 5 }]);
    const later = rate(T0 + 4 * MIN);
    expect(later).toEqual(counted('internal', from, T0 + 4 * MIN, MIN));
    expect(later.reduce((s, b) => s + b.errors, 0)).toBe(3);
    expect(rate(T0 + 4 * MIN)).toEqual(later); // asked again with nothing new

    // Retention deletes what is older than the window: counted again, not remembered.
    expect(repo.deleteEventsOutside(T0 - 5 * MIN, [], 2)).toBeGreaterThan(0);
    expect(rate(T0 + 5 * MIN)).toEqual(counted('internal', from, T0 + 5 * MIN, MIN));
    // A window that shrinks (a session that ended) is counted from scratch too.
    expect(rate(T0 + 2 * MIN)).toEqual(counted('internal', from, T0 + 2 * MIN, MIN));
  });
});

describe('last event of a source', () => {
  it('follows what arrives, and forgets an event retention deleted', () => {
    expect(lastEventAt(db, 'internal', 'sentry')).toBeNull();
    store([{ time: T0 }], T0 + 1);
    expect(lastEventAt(db, 'internal', 'sentry')).toBeNull();
    expect(lastEventAt(db, 'internal', 'otlp')).toBe(T0 + 1);
    store([{ time: T0, source: 'sentry' }], T0 + 2);
    store([{ time: T0 }, { time: T0, source: 'sentry', tenant: 'other' }], T0 + 3);
    expect(lastEventAt(db, 'internal', 'sentry')).toBe(T0 + 2);
    expect(lastEventAt(db, 'internal', 'otlp')).toBe(T0 + 3);
    store([{ time: T0 + 5 * MIN }], T0 + 4);
    // Everything dated before T0 + 1 minute goes: the sentry event with it.
    repo.deleteEventsOutside(T0 + MIN, [], 100);
    expect(lastEventAt(db, 'internal', 'sentry')).toBeNull();
    expect(lastEventAt(db, 'internal', 'otlp')).toBe(T0 + 4);
  });
});
