import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, type Db } from '../../db/database';
import { queryEvents, type FeedFilter } from './query';
import { createFeedRepo } from '../store/repo';
import { rawEvent } from '../../../../test-support/feedEvents';
import { LEVELS as RANKS } from '../../../../shared/domain/feeds';

/**
 * The feed's pages are read by walking the ids from the cursor (a stretch at a time) and only
 * then from the time index: the pages must be exactly what the plain statement gives, whatever
 * the filter, the cursor and where the stretch ends.
 */
let db: Db;
const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
beforeAll(() => {
  db = new Database(':memory:');
  migrate(db);
  // Times out of order with the ids (sources send late), three tenants, a rare service.
  const events = Array.from({ length: 1200 }, (_, i) => ({
    ...rawEvent(1_000_000 + ((i * 7919) % 1200) * 1000, `line ${i}`, {
      level: LEVELS[i % 7 === 0 ? 3 : i % 4]!,
      service: i % 97 === 0 ? 'rare' : 'shop-api',
    }),
    tenant: ['internal', 'other', 'internal', 'third'][i % 4]!,
    receivedAt: 1_000 + i,
    groupKey: null,
  }));
  createFeedRepo(db).writeBatch(events, []);
});
afterAll(() => db.close());

/** The statement the host used before: every event of the window from the index, sorted. */
function reference(w: { tenant: string; from: number; to: number }, f: FeedFilter) {
  const where = ['tenant = @tenant', 'time >= @from', 'time <= @to'];
  if (f.levels) where.push(`level IN (${f.levels.map((l) => RANKS.indexOf(l))})`);
  if (f.services) where.push(`service IN ('${f.services.join("','")}')`);
  if (f.beforeId !== undefined) where.push(`id < ${f.beforeId}`);
  if (f.afterId !== undefined) where.push(`id > ${f.afterId}`);
  const order = f.afterId !== undefined ? 'ASC' : 'DESC';
  const ids = db
    .prepare(`SELECT id FROM feed_events WHERE ${where.join(' AND ')} ORDER BY id ${order}`)
    .pluck()
    .all(w) as number[];
  return { ids: ids.slice(0, f.limit), hasMore: ids.length > f.limit };
}

describe('the feed page, read from the newest ids first', () => {
  const windows = [
    { tenant: 'internal', from: 0, to: 1e13 },
    { tenant: 'internal', from: 1_300_000, to: 1_500_000 },
    { tenant: 'third', from: 1_000_000, to: 2_199_000 },
    { tenant: 'nobody', from: 0, to: 1e13 },
  ];
  const filters: FeedFilter[] = [
    { limit: 50 },
    { limit: 50, levels: ['error'] },
    { limit: 5, services: ['rare'] },
    { limit: 50, beforeId: 900 },
    { limit: 50, beforeId: 30, levels: ['warn'] },
    { limit: 50, afterId: 100 },
    { limit: 50, afterId: 1150 },
    { limit: 20, afterId: 10, services: ['rare'] },
  ];
  for (const stretch of [1, 40, 333, 50_000])
    it(`is the plain statement's page, stretch ${stretch}`, () => {
      for (const w of windows)
        for (const f of filters) {
          const got = queryEvents(db, w, f, stretch);
          const want = reference(w, f);
          expect({ w, f, ids: got.events.map((e) => e.id), hasMore: got.hasMore }).toEqual({
            w,
            f,
            ...want,
          });
        }
    });

  it('reads the newest page without sorting the window', () => {
    const plan = (
      db
        .prepare(
          'EXPLAIN QUERY PLAN SELECT e.* FROM feed_events e WHERE +e.tenant = ? AND +e.time >= ? AND +e.time <= ? AND e.id < ? AND e.id >= ? ORDER BY e.id DESC LIMIT 51',
        )
        .all('internal', 0, 1e13, 1201, 1) as { detail: string }[]
    ).map((r) => r.detail);
    expect(plan.join('\n')).not.toMatch(/TEMP B-TREE|feed_events_tenant_time/);
  });
});
