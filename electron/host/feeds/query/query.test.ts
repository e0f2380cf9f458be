import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, type Db } from '../../db/database';
import { ftsMatch, queryEvents } from './query';
import { createFeedRepo } from '../store/repo';
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
