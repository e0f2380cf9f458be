import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { migrate, type Db } from '../../db/database';
import { errorGroups } from './query';
import { createFeedRepo } from '../store/repo';
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
