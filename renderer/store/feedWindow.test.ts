import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rawEvent } from '../../test-support/feedEvents';
import { createStoreOverHost } from '../../test-support/storeOverHost';
import { FEED_WINDOW } from './feedsSlice';

// The live pane's memory: however long it stays scrolled up, it holds one window of events.
let ctx: ReturnType<typeof createStoreOverHost>;
let store: typeof ctx.store;
let sessionId: string;
const STORED = FEED_WINDOW + 1200;
// The host's live view carries every event of a batch this small, when each goes out on its own
// (it gathers them for a quarter second: flushLive() sends at once).
const BATCH = 300;

const messages = () => store.getState().feedEvents.map((e) => e.message);
const numbers = () => messages().map((m) => Number(m.replace('line ', '')));

/** Stores `STORED` events through the real pipeline, each batch announced live. */
function storeMany(from = 0) {
  const now = Date.now();
  for (let i = from; i < from + STORED; i += BATCH) {
    const batch = [];
    for (let j = i; j < Math.min(i + BATCH, from + STORED); j++)
      batch.push(rawEvent(now - 60_000 + j, `line ${j}`, { service: 'cart' }));
    ctx.host.feeds.ingest('otlp', batch);
    ctx.host.feeds.flush();
    ctx.host.flushLive();
  }
}

beforeEach(async () => {
  ctx = createStoreOverHost();
  store = ctx.store;
  sessionId = (await ctx.client.call('sessions.create', { title: 'S' })).session.id;
  await store.getState().loadSession(sessionId);
  ctx.host.feeds.ingest('otlp', [rawEvent(Date.now() - 120_000, 'line being read')]);
  ctx.host.feeds.flush();
  await store.getState().loadFeed(sessionId);
});
afterEach(() => ctx.host.dispose());

describe('the live pane’s window', () => {
  it('scrolled up, keeps the rows being read and at most one window, counting what it left out', async () => {
    store.getState().setFollowing(false);
    storeMany();
    await expect.poll(() => store.getState().feedNew).toBe(STORED);
    expect(store.getState().feedEvents.length).toBe(FEED_WINDOW);
    expect(messages()[0]).toBe('line being read');
    expect(store.getState().feedHasNewer).toBe(true);
    // Still scrolled up: more events only raise the count.
    ctx.host.feeds.ingest('otlp', [rawEvent(Date.now(), 'later')]);
    ctx.host.feeds.flush();
    await expect.poll(() => store.getState().feedNew).toBe(STORED + 1);
    expect(store.getState().feedEvents.length).toBe(FEED_WINDOW);
    expect(messages()).not.toContain('later');

    // Back to live: the newest events from the host, not the stale window with a hole in it.
    store.getState().setFollowing(true);
    await expect.poll(() => messages().at(-1)).toBe('later');
    expect(messages().at(-2)).toBe(`line ${STORED - 1}`);
    expect(store.getState().feedHasNewer).toBe(false);
    expect(store.getState().feedNew).toBe(0);
  });

  it('scrolled up, pages forward to the newest without a gap or a repeat, then follows again', async () => {
    store.getState().setFollowing(false);
    storeMany();
    await expect.poll(() => store.getState().feedNew).toBe(STORED);
    let pages = 0;
    while (store.getState().feedHasNewer && pages++ < 50) await store.getState().loadNewer();
    const n = numbers();
    expect(n.length).toBe(FEED_WINDOW);
    expect(n.at(-1)).toBe(STORED - 1);
    expect(n.every((x, i) => i === 0 || x === n[i - 1]! + 1)).toBe(true);
    expect(store.getState().feedHasOlder).toBe(true);

    // The bottom reached with nothing left out: following again (as the list does), no reload.
    store.getState().setFollowing(true);
    ctx.host.feeds.ingest('otlp', [rawEvent(Date.now(), 'after catching up')]);
    ctx.host.feeds.flush();
    await expect.poll(() => messages().at(-1)).toBe('after catching up');
    expect(messages().at(-2)).toBe(`line ${STORED - 1}`);
    expect(store.getState().feedEvents.length).toBe(FEED_WINDOW);
  });

  it('reading back in time drops the newest end, and paging forward brings it back', async () => {
    storeMany();
    await store.getState().loadFeed(sessionId); // following: the newest page
    expect(messages().at(-1)).toBe(`line ${STORED - 1}`);
    let pages = 0;
    while (store.getState().feedHasOlder && pages++ < 50) await store.getState().loadOlder();
    expect(messages()[0]).toBe('line being read');
    expect(store.getState().feedEvents.length).toBe(FEED_WINDOW);
    expect(store.getState().feedHasNewer).toBe(true);
    expect(store.getState().feedFollowing).toBe(false);

    pages = 0;
    while (store.getState().feedHasNewer && pages++ < 50) await store.getState().loadNewer();
    expect(messages().at(-1)).toBe(`line ${STORED - 1}`);
    expect(store.getState().feedEvents.length).toBe(FEED_WINDOW);
  });
});
