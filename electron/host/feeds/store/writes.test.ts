import fs from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/database';
import { tempDataDir } from '../../../../test-support/tempHost';
import { queryEvents } from '../query/query';
import { createFeedWrites, type FeedRows } from './writes';

let dataDir: string;
let db: Db;
afterEach(() => {
  db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('leaves index segments to merge after a burst of commits; merge steps end and lose nothing', () => {
  dataDir = tempDataDir();
  db = openDatabase(dataDir);
  const writes = createFeedWrites(db);
  const T = 1_763_719_100_000;
  for (let b = 0; b < 30; b++) {
    const rows: FeedRows = [];
    for (let i = 0; i < 20; i++) {
      const n = b * 20 + i;
      // The columns of feed_events, in order (ROW_WIDTH of them).
      rows.push('internal', 'otlp', T + n, T, 9, 'shop', `checkout step ${n}`, '{}');
      rows.push(null, null, null, null, null, null, null, null);
    }
    writes.writeRows(rows, []);
  }
  // Merging is left to idle time (migration 9): there is work after the burst.
  let steps = 0;
  while (writes.mergeStep(64)) steps++;
  expect(steps).toBeGreaterThan(0);
  expect(writes.mergeStep(64)).toBe(false);
  const found = queryEvents(
    db,
    { tenant: 'internal', from: 0, to: Infinity },
    {
      text: 'checkout',
      limit: 1000,
    },
  );
  expect(found.events).toHaveLength(600);
});
