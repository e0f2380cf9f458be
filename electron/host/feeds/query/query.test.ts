import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, type Db } from '../../db/database';
import { errorRate, ftsMatch, queryEvents } from './query';
import { createFeedRepo } from '../store/repo';
import { createPurger } from '../store/purge';
import { ERROR_RANK } from '../store/writes';
import { levelRank } from '../../../../shared/domain/feeds';
import { rawEvent } from '../../../../test-support/feedEvents';

let db: Db;
beforeEach(() => {
  db = new Database(':memory:');
  migrate(db);
  const messages = [
    'Checkout started',
    'checkouts merged',
    'check-in done',
    'checked 1234 and 12345',
    'Ünïcode Café naïve',
    'shop-api replied to ana.silva@example.com',
    'order 1234',
    ...Array.from({ length: 40 }, (_, i) => `batch 1${i} of order ${1000 + i}`),
  ];
  const events = messages.map((m, i) => ({
    ...rawEvent(1_000 + i, m),
    tenant: 'internal',
    receivedAt: 1_000 + i,
    groupKey: null,
  }));
  createFeedRepo(db).writeBatch(events, []);
});
afterEach(() => db.close());

/** The plain query, every term a prefix: what the search must keep answering. */
const reference = (text: string) => {
  const terms = text.match(/[\p{L}\p{N}_@.:/-]+/gu) ?? [];
  const match = terms.map((t) => `"${t.replace(/"/g, '""')}"*`).join(' ');
  return (
    db
      .prepare('SELECT rowid FROM feed_fts WHERE feed_fts MATCH ? ORDER BY rowid DESC')
      .pluck()
      .all(match) as number[]
  ).slice(0, 100);
};
const search = (text: string, extra: { afterId?: number; beforeId?: number } = {}) =>
  queryEvents(db, { tenant: 'internal', from: 0, to: 1e12 }, { text, limit: 100, ...extra }).events;

describe('full-text search', () => {
  it.each([
    'check',
    'checkout',
    'CHECKOUT',
    'checkouts',
    'chec 1234',
    '1',
    '12',
    'order 10',
    'unicode',
    'ünï',
    'cafe',
    'shop-api',
    'ana.silva@example.com',
    'nothing',
    'batch order',
  ])('finds what the plain prefix query finds, newest first: %s', (text) => {
    expect(search(text).map((e) => e.id)).toEqual(reference(text));
  });

  it('writes out short prefixes as their terms and keeps long ones as prefixes', () => {
    expect(ftsMatch(db, 'check')).toBe('("check" OR "checked" OR "checkout" OR "checkouts")');
    expect(ftsMatch(db, 'order 1')).toBe('"order" AND "1"*'); // more than 16 terms start with 1
    expect(ftsMatch(db, 'shop-api')).toBe('"shop-api"*');
    expect(ftsMatch(db, 'zzz')).toBe('"zzz"');
    expect(ftsMatch(db, '  ')).toBeNull();
  });

  it('pages back and tails forward with the same matches', () => {
    const all = reference('order');
    const page = search('order', { beforeId: all[2] });
    expect(page.map((e) => e.id)).toEqual(all.slice(3));
    const tail = search('order', { afterId: all[3] });
    expect(tail.map((e) => e.id)).toEqual(all.slice(0, 3).reverse());
  });
});

describe('the error rate from per-minute counts', () => {
  const MIN = 60_000;
  const t0 = Date.UTC(2026, 11, 2, 9, 0, 0);
  const stored = (time: number, level: 'info' | 'error', tenant = 'internal') => ({
    ...rawEvent(time, `${level} at ${time}`),
    level,
    tenant,
    receivedAt: time,
    groupKey: null,
  });
  const direct = (from: number, to: number) =>
    db
      .prepare(
        `SELECT COUNT(*) AS total, SUM(level >= 4) AS errors FROM feed_events
         WHERE tenant = 'internal' AND time >= ? AND time <= ?`,
      )
      .get(from, to);

  it('counts errors from the level the store calls error', () => {
    expect(ERROR_RANK).toBe(levelRank('error'));
  });

  it('counts what is stored, by the minute of each event, and forgets what retention deletes', () => {
    const repo = createFeedRepo(db);
    repo.writeBatch(
      [
        ...Array.from({ length: 90 }, (_, i) =>
          stored(t0 + i * 2000, i % 3 === 0 ? 'error' : 'info'),
        ),
        stored(t0 + 30_000, 'error', 'other'),
      ],
      [],
    );
    const buckets = errorRate(db, 'internal', t0, t0 + 3 * MIN - 1, MIN);
    expect(buckets.map((b) => [b.total, b.errors])).toEqual([
      [30, 10],
      [30, 10],
      [30, 10],
    ]);
    expect(direct(t0, t0 + 3 * MIN)).toEqual({ total: 90, errors: 30 });
    // Retention deletes the events of the first minute: the counts follow in the same transaction.
    createPurger(db).run({ before: t0 + MIN, keep: [], batch: 1000, countsBefore: 0 });
    expect(errorRate(db, 'internal', t0, t0 + 3 * MIN - 1, MIN).map((b) => b.total)).toEqual([
      0, 30, 30,
    ]);
  });

  it('is counted for events stored before the counts existed (the migration fills them in)', () => {
    createFeedRepo(db).writeBatch([stored(t0, 'error'), stored(t0 + 1000, 'info')], []);
    // The database as version 11 left it.
    db.exec(`DROP TABLE feed_minutes; DROP TABLE decision_signatures; DROP TABLE signing_keys;
      DROP TABLE personal_links; DROP TABLE feed_group_minutes;
      DELETE FROM schema_migrations WHERE version >= 12;`);
    migrate(db);
    expect(errorRate(db, 'internal', t0, t0 + MIN - 1, MIN)).toEqual([
      { start: t0, total: 2, errors: 1 },
    ]);
  });
});
