import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FeedEvent } from '../../../../shared/domain/feeds';
import { migrate, openDatabase, type Db } from '../../db/database';
import { internalWatch } from '../../../../test-support/feedEvents';
import { tempDataDir } from '../../../../test-support/tempHost';
import { writerBundle } from '../../../../test-support/writerBundle';
import { lockHeld } from '../../../../test-support/writeLock';
import { createFeedPipeline, OverloadedError, type Watch } from './pipeline';
import { queryEvents } from '../query/query';
import { rawEvent, storedCounts, storedEvents } from '../../../../test-support/feedEvents';
import { createFeedWrites } from './writes';

// The writer thread runs from a bundle, as in the app.
const { dir: bundleDir, script, build, remove } = writerBundle('writer-test');
beforeAll(build);
afterAll(remove);

const watches: Watch[] = [internalWatch];

let dataDir: string;
let db: Db;
const open: Array<{ stop(): void }> = [];
afterEach(() => {
  open.splice(0).forEach((p) => p.stop());
  db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function pipeline(options: Partial<Parameters<typeof createFeedPipeline>[0]> = {}) {
  dataDir = tempDataDir();
  db = openDatabase(dataDir);
  const stored: FeedEvent[] = [];
  const logged: string[] = [];
  const p = createFeedPipeline({
    db,
    now: () => 1_763_719_200_000,
    watches: () => watches,
    onStored: (events) => stored.push(...events),
    writerScript: script,
    log: (m) => logged.push(m),
    ...options,
  });
  open.push(p);
  return { p, stored, logged };
}

/** Once another process holds the store's write lock (for ms), and its exit. */
const lockFor = (ms: number) => lockHeld(path.join(dataDir, 'ensemble.db'), ms);

const events = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) =>
    rawEvent(1_763_719_100_000 + from + i, `checkout step ${from + i} for ana@example.com`),
  );

describe('the feed writer thread', () => {
  it('stores on its own connection; once flush() returns all is searchable here', () => {
    const { p, stored } = pipeline();
    p.ingest('otlp', [...events(3), rawEvent(1, 'other', { attributes: { 'tenant.id': 'acme' } })]);
    p.flush();
    expect(p.threaded()).toBe(true);
    expect(p.queued()).toBe(0);
    const rows = storedEvents(dataDir);
    expect(rows.map((r) => r.message)).toEqual([
      'checkout step 0 for [redacted:email]',
      'checkout step 1 for [redacted:email]',
      'checkout step 2 for [redacted:email]',
    ]);
    expect(stored.map((e) => e.id)).toEqual(rows.map((r) => r.id));
    expect(storedCounts(dataDir)).toEqual({
      'dropped-other-tenant': 1,
      'redacted:email': 3,
      'control:level:info': 1, // the control group: counted, never stored
    });
    const found = queryEvents(
      db,
      { tenant: 'internal', from: 0, to: Infinity },
      {
        text: 'checkout',
        limit: 10,
      },
    );
    expect(found.events.map((e) => e.id)).toEqual(rows.map((r) => r.id).reverse());
  });

  it('merges the full-text index once idle, not while a burst is stored; search stays whole', async () => {
    const { p } = pipeline();
    const writes = createFeedWrites(db);
    /** Whether a merge step would find work, asked inside a transaction that is rolled back. */
    const wouldMerge = () => {
      let work = false;
      try {
        db.transaction(() => {
          work = writes.mergeStep();
          throw new Error('roll back');
        })();
      } catch {
        // rolled back
      }
      return work;
    };
    for (let b = 0; b < 30; b++) {
      p.ingest('otlp', events(20, b * 20));
      p.flush(); // one commit, one index segment, each
    }
    await expect.poll(wouldMerge, { timeout: 20_000, interval: 200 }).toBe(false);
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

  it('answers a waiting sender once its batch is committed, without waiting for batchMs', async () => {
    const { p } = pipeline({ batchMs: 600_000 });
    await expect(p.ingestAndStore('otlp', events(3))).resolves.toEqual({ accepted: 3, dropped: 0 });
    expect(p.threaded()).toBe(true);
    expect(storedEvents(dataDir)).toHaveLength(3);
  });

  it('stores a batch once when the thread dies between its commit and its answer', async () => {
    const { p, logged } = pipeline({ writerExitAfterCommits: 1 });
    // Committed by the thread, which dies unanswered: resent on this thread, found, skipped.
    await expect(p.ingestAndStore('otlp', events(3))).resolves.toMatchObject({ accepted: 3 });
    expect(logged).toContain('feed writer thread failed; storing on the main thread');
    expect(p.threaded()).toBe(false);
    await p.ingestAndStore('otlp', events(2, 3));
    const messages = storedEvents(dataDir).map((r) => r.message);
    expect(messages).toHaveLength(5);
    expect(new Set(messages).size).toBe(5);
  });

  it('sends full batches at once and the rest after batchMs; drained() waits for all', async () => {
    const { p, stored } = pipeline({ maxBatch: 100, batchMs: 60_000 });
    p.ingest('otlp', events(250));
    expect(p.queued()).toBe(250);
    await p.drained();
    expect(p.queued()).toBe(0);
    expect(stored).toHaveLength(250);
    expect(storedEvents(dataDir)).toHaveLength(250);
    expect(new Set(stored.map((e) => e.id)).size).toBe(250);
  });

  it.each([
    ['the writer thread', script],
    ['this thread', null],
  ])('hands the live view only the last events of each tenant stored on %s', (_, writerScript) => {
    const acme: Watch = { ...watches[0]!, tenantId: 'acme' };
    const live: Array<{ events: FeedEvent[]; thinned: Record<string, number> }> = [];
    const { p } = pipeline({
      watches: () => [...watches, acme],
      writerScript,
      liveLimit: 3,
      onStored: (events, thinned) => live.push({ events, thinned }),
    });
    const acmeEvent = (i: number) =>
      rawEvent(1_763_719_100_000 + i, `acme step ${i}`, { attributes: { 'tenant.id': 'acme' } });
    p.ingest('otlp', [...events(4), acmeEvent(0), ...events(3, 4), acmeEvent(1)]);
    p.flush();
    expect(p.threaded()).toBe(writerScript !== null);
    const rows = storedEvents(dataDir);
    expect(rows).toHaveLength(9); // storage keeps everything
    expect(live).toHaveLength(1);
    const [{ events: shown, thinned }] = live as [(typeof live)[0]];
    expect(shown.map((e) => [e.tenant, e.message])).toEqual([
      ['acme', 'acme step 0'],
      ['internal', 'checkout step 4 for [redacted:email]'],
      ['internal', 'checkout step 5 for [redacted:email]'],
      ['internal', 'checkout step 6 for [redacted:email]'],
      ['acme', 'acme step 1'],
    ]);
    const idOf = new Map(rows.map((r) => [r.message, r.id]));
    expect(shown.map((e) => e.id)).toEqual(shown.map((e) => idOf.get(e.message)));
    expect(thinned).toEqual({ internal: 4 });
  });

  it('counts what the thread holds when telling receivers to back off', () => {
    const { p } = pipeline({ maxBatch: 2, maxQueue: 3, batchMs: 60_000 });
    p.ingest('otlp', events(2)); // a full batch: with the thread now
    expect(() => p.ingest('otlp', events(2, 2))).toThrow(OverloadedError);
    p.flush();
    p.ingest('otlp', events(2, 4));
    p.flush();
    expect(storedEvents(dataDir)).toHaveLength(4);
  });

  it('stores on this thread when the writer thread cannot open the store, losing nothing', () => {
    const { p, stored, logged } = pipeline({
      nativeBinding: path.join(bundleDir, 'no-such-binding.node'),
      maxBatch: 2,
    });
    p.ingest('otlp', events(5)); // two batches go to the thread at once
    p.flush();
    expect(p.threaded()).toBe(false);
    expect(logged.join('\n')).toMatch(/storing on the main thread/);
    expect(storedEvents(dataDir).map((r) => r.message)).toHaveLength(5);
    expect(stored).toHaveLength(5);
  });

  it('closes its connection on stop(); a memory store never gets a thread', () => {
    const { p } = pipeline();
    p.ingest('otlp', events(1));
    p.stop();
    open.splice(0);
    expect(storedEvents(dataDir)).toHaveLength(1);

    const memory = new Database(':memory:');
    migrate(memory);
    try {
      const inMemory = createFeedPipeline({
        db: memory,
        now: Date.now,
        watches: () => watches,
        onStored: () => {},
        writerScript: script,
      });
      expect(inMemory.threaded()).toBe(false);
    } finally {
      memory.close();
    }
  });

  it('caughtUp() waits for the writer without holding this thread; then all is searchable here', async () => {
    const { p } = pipeline({ batchMs: 60_000 });
    p.ingest('otlp', events(1)); // starts the thread
    await p.caughtUp();
    p.ingest('otlp', events(3, 1));
    // Another process holds the write lock for a while: the writer waits for it.
    const { exited } = await lockFor(800);
    let ticks = 0;
    const ticking = setInterval(() => ticks++, 20);
    try {
      await p.caughtUp();
    } finally {
      clearInterval(ticking);
    }
    // flush() would have blocked the thread (no tick) for the lock's 800 ms.
    expect(ticks).toBeGreaterThanOrEqual(10);
    const found = queryEvents(db, { tenant: 'internal', from: 0, to: Infinity }, { limit: 10 });
    expect(found.events).toHaveLength(4);
    await exited;
  }, 30_000);

  it('caughtUp() answers from this thread when the writer cannot start, losing nothing', async () => {
    const { p, logged } = pipeline({
      nativeBinding: path.join(bundleDir, 'no-such-binding.node'),
      batchMs: 60_000,
    });
    p.ingest('otlp', events(4));
    await p.caughtUp();
    expect(p.threaded()).toBe(false);
    expect(logged.join('\n')).toMatch(/storing on the main thread/);
    expect(storedEvents(dataDir)).toHaveLength(4);
    p.ingest('otlp', events(1, 4));
    await p.caughtUp(); // and on this thread from now on
    expect(storedEvents(dataDir)).toHaveLength(5);
  });

  it('caughtUp() is answered when the writer dies after its commit, and nothing is stored twice', async () => {
    const { p, logged } = pipeline({ writerExitAfterCommits: 1, batchMs: 60_000 });
    p.ingest('otlp', events(3));
    await p.caughtUp();
    expect(logged).toContain('feed writer thread failed; storing on the main thread');
    const found = queryEvents(db, { tenant: 'internal', from: 0, to: Infinity }, { limit: 10 });
    expect(found.events).toHaveLength(3);
    expect(storedEvents(dataDir)).toHaveLength(3); // the resent batch was not stored again
  });

  it('purges on the writer thread a transaction at a time, taking batches in between', async () => {
    const { p } = pipeline({ batchMs: 60_000 });
    p.ingest('otlp', events(300));
    await p.caughtUp();
    const purged = p.purge({
      before: 1_763_719_100_000 + 300, // the 300 stored so far
      keep: [],
      batch: 10,
      countsBefore: 0,
    });
    // Newer events arrive while it runs: stored between its steps, not after the whole purge.
    p.ingest('otlp', events(5, 1000));
    const stored = p.caughtUp().then(() => 'stored');
    expect(await Promise.race([stored, purged.then(() => 'purged')])).toBe('stored');
    expect(await purged).toBe(300);
    expect(p.threaded()).toBe(true);
    expect(storedEvents(dataDir).map((r) => r.message)).toEqual(
      events(5, 1000).map((e) => e.message.replace('ana@example.com', '[redacted:email]')),
    );
    const found = queryEvents(
      db,
      { tenant: 'internal', from: 0, to: Infinity },
      { text: 'step', limit: 10 },
    );
    expect(found.events).toHaveLength(5);
  });

  it('checkpoints the journal itself, once a second; the host connection does not while it runs', async () => {
    const { p } = pipeline({ batchMs: 60_000 });
    const file = path.join(dataDir, 'ensemble.db');
    p.ingest('otlp', events(1));
    await p.caughtUp();
    // A note's commit must not be the one that copies the journal into the database.
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const before = fs.statSync(file).size;
    p.ingest('otlp', events(3000, 1));
    await p.caughtUp();
    let after = before;
    for (let i = 0; i < 40 && after === before; i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = fs.statSync(file).size;
    }
    expect(after).toBeGreaterThan(before);
    p.stop();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it('at stop, what the thread could not store (the store was locked) is stored on this connection', async () => {
    const { p } = pipeline({ batchMs: 60_000 });
    p.ingest('otlp', events(3));
    // Another process holds the write lock a little longer than the thread waits for it.
    const { exited } = await lockFor(6500);
    expect(() => p.stop()).not.toThrow();
    expect(storedEvents(dataDir)).toHaveLength(3);
    expect(p.threaded()).toBe(false); // and no thread is started after stop
    await exited;
  }, 30_000);
});
