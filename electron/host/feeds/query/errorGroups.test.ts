import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { migrate, type Db } from '../../db/database';
import { errorGroups } from './query';
import { createFeedRepo } from '../store/repo';
import { createPurger } from '../store/purge';
import { rawEvent } from '../../../../test-support/feedEvents';

let db: Db;
beforeEach(() => {
  db = new Database(':memory:');
  migrate(db);
});
afterEach(() => db.close());

const error = (id: number, time: number, value: string, groupKey: string, type: string | null) => ({
  ...rawEvent(time, value, {
    level: 'error',
    error: type ? { type, value, stack: null } : null,
  } as never),
  tenant: 'internal',
  receivedAt: 1_000 + id,
  groupKey,
});

it('counts each group and shows its newest event as the sample, with its type', () => {
  createFeedRepo(db).writeBatch(
    [
      error(1, 2_000, 'zebra id 1 failed', 'TypeError: <n> failed', 'TypeError'),
      error(2, 1_000, 'alpha id 2 failed', 'TypeError: <n> failed', 'TypeError'), // sent late
      error(3, 3_000, 'payment 9 declined', 'PaymentError: declined', 'PaymentError'),
      error(4, 4_000, 'custom fingerprint, no exception', 'fp:checkout', null),
    ],
    [],
  );
  const groups = errorGroups(db, { tenant: 'internal', from: 0, to: 10_000 }, 1_500);
  expect(
    groups.map((g) => [g.groupKey, g.type, g.sample, g.count, g.firstSeen, g.lastSeen, g.isNew]),
  ).toEqual([
    ['fp:checkout', '', 'custom fingerprint, no exception', 1, 4_000, 4_000, true],
    ['PaymentError: declined', 'PaymentError', 'payment 9 declined', 1, 3_000, 3_000, true],
    // The newest stored (the last id), not the greatest text: "alpha", not "zebra".
    ['TypeError: <n> failed', 'TypeError', 'alpha id 2 failed', 2, 1_000, 2_000, false],
  ]);
  const alpha = db.prepare("SELECT id FROM feed_events WHERE message LIKE 'alpha%'").pluck().get();
  expect(groups[2]!.lastEventId).toBe(alpha);
});

it('counts from the per-minute rows exactly as from every event, across minutes, edges and a purge', () => {
  // 40 minutes of errors of three groups, at uneven times; the window and the session start
  // inside minutes, so both the whole minutes and the edge minutes are read.
  const MIN = 60_000;
  const base = 1_763_700_000_000 - (1_763_700_000_000 % MIN);
  const events = [];
  let seed = 7;
  const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647) as number;
  for (let i = 0; i < 600; i++) {
    const time = base + Math.floor(random() * 40 * MIN);
    const group = ['A', 'B', 'C'][Math.floor(random() * 3)]!;
    events.push(error(i, time, `${group} ${i}`, group, 'Error'));
  }
  const repo = createFeedRepo(db);
  for (let i = 0; i < events.length; i += 50) repo.writeBatch(events.slice(i, i + 50), []);
  let rows: Array<{ id: number; time: number; g: string }> = [];
  const reread = () =>
    (rows = db.prepare('SELECT id, time, group_key AS g FROM feed_events').all() as typeof rows);
  reread();

  const exact = (from: number, to: number, start: number) =>
    ['A', 'B', 'C']
      .map((g) => {
        const mine = rows.filter((r) => r.g === g && r.time >= from && r.time <= to);
        const sparkline = new Array<number>(24).fill(0);
        for (const r of mine.filter((r) => r.time >= start)) {
          const b = Math.floor(((r.time - start) * 24) / Math.max(1, to - start));
          if (b < 24) sparkline[b]!++;
        }
        return {
          groupKey: g,
          count: mine.length,
          firstSeen: Math.min(...mine.map((r) => r.time)),
          lastSeen: Math.max(...mine.map((r) => r.time)),
          lastEventId: Math.max(...mine.map((r) => r.id)),
          isNew: Math.min(...rows.filter((r) => r.g === g).map((r) => r.time)) >= start,
          sparkline,
        };
      })
      .sort((a, b) => b.lastSeen - a.lastSeen);
  const read = (from: number, to: number, start: number) =>
    errorGroups(db, { tenant: 'internal', from, to }, start).map(
      ({ groupKey, count, firstSeen, lastSeen, lastEventId, isNew, sparkline }) => ({
        groupKey,
        count,
        firstSeen,
        lastSeen,
        lastEventId,
        isNew,
        sparkline,
      }),
    );
  // The session's 24 minutes start on a minute: each bucket is a whole minute, so even the
  // sparkline is exact.
  expect(read(base + 3 * MIN + 17_000, base + 36 * MIN, base + 12 * MIN)).toEqual(
    exact(base + 3 * MIN + 17_000, base + 36 * MIN, base + 12 * MIN),
  );
  // Starting mid-minute: counts and times stay exact; the sparkline holds the same events.
  const mid = read(base + 61_234, base + 39 * MIN + 5_000, base + 20 * MIN + 30_000);
  const midExact = exact(base + 61_234, base + 39 * MIN + 5_000, base + 20 * MIN + 30_000);
  expect(mid.map(({ sparkline: _, ...g }) => g)).toEqual(
    midExact.map(({ sparkline: _, ...g }) => g),
  );
  expect(mid.map((g) => g.sparkline.reduce((a, b) => a + b))).toEqual(
    midExact.map((g) => g.sparkline.reduce((a, b) => a + b)),
  );

  // Retention takes the first ten and a half minutes: the half-taken minute is counted again.
  const purged = createPurger(db).run({
    before: base + 10 * MIN + 30_000,
    keep: [],
    batch: 100,
    countsBefore: 0,
  });
  expect(purged).toBeGreaterThan(0);
  reread();
  expect(read(base, base + 24 * MIN, base)).toEqual(exact(base, base + 24 * MIN, base));
});
