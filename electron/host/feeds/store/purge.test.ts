import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, type Db } from '../../db/database';
import { rawEvent } from '../../../../test-support/feedEvents';
import { errorRate } from '../query/query';
import { createPurger, purgeRanges, SELECT_STRETCH } from './purge';
import { createFeedRepo } from './repo';

const MIN = 60_000;
const FIRST = Number.MIN_SAFE_INTEGER - 1;

describe('purgeRanges', () => {
  it('is everything before the cut when nothing is kept', () => {
    expect(purgeRanges('internal', 1000, [])).toEqual([
      { tenant: 'internal', after: FIRST, until: 1000 },
    ]);
  });

  it('goes around each window of the tenant (overlapping ones as one), and only its own', () => {
    const keep = [
      { tenant: 'internal', from: 500, to: 600 },
      { tenant: 'internal', from: 100, to: 200 },
      { tenant: 'internal', from: 150, to: 300 },
      { tenant: 'acme', from: 0, to: 10_000 },
    ];
    expect(purgeRanges('internal', 1000, keep)).toEqual([
      { tenant: 'internal', after: FIRST, until: 100 },
      { tenant: 'internal', after: 300, until: 500 },
      { tenant: 'internal', after: 600, until: 1000 },
    ]);
    // A window reaching past the cut keeps the rest; one that starts after it changes nothing.
    expect(purgeRanges('internal', 550, keep).at(-1)).toEqual({
      tenant: 'internal',
      after: 300,
      until: 500,
    });
    expect(purgeRanges('acme', 1000, keep)).toEqual([{ tenant: 'acme', after: FIRST, until: 0 }]);
    expect(purgeRanges('acme', -5, keep)).toEqual([{ tenant: 'acme', after: FIRST, until: -5 }]);
    expect(purgeRanges('internal', 100, keep)).toEqual([
      { tenant: 'internal', after: FIRST, until: 100 },
    ]);
  });
});

describe('the purger', () => {
  let db: Db;
  beforeEach(() => {
    db = new Database(':memory:');
    migrate(db);
  });
  afterEach(() => db.close());

  const store = (tenant: string, times: number[]) =>
    createFeedRepo(db).writeBatch(
      times.map((t) => ({
        ...rawEvent(t, `${tenant} at ${t / MIN} min`),
        tenant,
        receivedAt: t,
        groupKey: null,
      })),
      [],
    );
  const left = () =>
    db.prepare('SELECT tenant, time FROM feed_events ORDER BY tenant, time').all() as Array<{
      tenant: string;
      time: number;
    }>;

  it('deletes what no window keeps, for every tenant, with its search entries and counts', () => {
    const minutes = [0, 10, 20, 30, 40, 50].map((m) => m * MIN);
    store('internal', minutes);
    store('acme', minutes);
    const purger = createPurger(db);
    const steps = [
      ...purger.steps({
        before: 45 * MIN,
        keep: [{ tenant: 'internal', from: 10 * MIN, to: 20 * MIN }],
        batch: 2,
        countsBefore: 0,
      }),
    ];
    // A transaction of at most two events each.
    expect(steps.every((n) => n <= 2)).toBe(true);
    expect(steps.reduce((a, b) => a + b, 0)).toBe(8);
    expect(left()).toEqual([
      { tenant: 'acme', time: 50 * MIN },
      { tenant: 'internal', time: 10 * MIN },
      { tenant: 'internal', time: 20 * MIN },
      { tenant: 'internal', time: 50 * MIN },
    ]);
    const found = db
      .prepare("SELECT rowid FROM feed_fts WHERE feed_fts MATCH 'acme'")
      .pluck()
      .all();
    expect(found).toHaveLength(1);
    expect(errorRate(db, 'internal', 0, 60 * MIN - 1, 10 * MIN).map((b) => b.total)).toEqual([
      0, 1, 1, 0, 0, 1,
    ]);
  });

  it('reads each stretch through the (tenant, time) index, not the whole table', () => {
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN ${SELECT_STRETCH}`)
      .all({ tenant: 'internal', after: 0, until: 10, batch: 10 }) as Array<{ detail: string }>;
    const details = plan.map((p) => p.detail).join('\n');
    expect(details).toMatch(/USING INDEX feed_events_tenant_time/);
    expect(details).not.toMatch(/^SCAN feed_events$/m);
  });
});
