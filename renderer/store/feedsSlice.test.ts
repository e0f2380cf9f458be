import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rawEvent } from '../../test-support/feedEvents';
import { createStoreOverHost } from '../../test-support/storeOverHost';

let ctx: ReturnType<typeof createStoreOverHost>;
let store: typeof ctx.store;
let sessionId: string;
const ev = (time: number, service: string, message: string) => rawEvent(time, message, { service });

beforeEach(async () => {
  ctx = createStoreOverHost();
  store = ctx.store;
  sessionId = (await ctx.client.call('sessions.create', { title: 'S' })).session.id;
  await store.getState().loadSession(sessionId);
  await store.getState().loadRun(sessionId);
  const now = Date.now();
  ctx.host.feeds.ingest('otlp', [
    ev(now - 20 * 60_000, 'cart', 'old cart line'),
    ev(now - 60_000, 'cart', 'cart line'),
    ev(now - 30_000, 'payments', 'payment line'),
  ]);
  ctx.host.feeds.flush();
  await store.getState().loadFeed(sessionId);
});
afterEach(() => ctx.host.dispose());
const messages = () => store.getState().feedEvents.map((e) => e.message);

describe('feeds slice', () => {
  it('loads the tenant’s events oldest first and filters by service and time window', async () => {
    expect(messages()).toEqual(['old cart line', 'cart line', 'payment line']);
    await store.getState().setFeedFilter({ services: ['cart'] });
    expect(messages()).toEqual(['old cart line', 'cart line']);
    await store.getState().setFeedFilter({ window: 5 });
    expect(messages()).toEqual(['cart line']);
    await store.getState().setFeedFilter({ services: [], window: 'all', text: 'payment' });
    expect(messages()).toEqual(['payment line']);
  });

  it('adds live events that match the filter, counting them while the user is scrolled up', () => {
    const state = store.getState();
    const base = { ...state.feedEvents[0]!, tenant: 'internal' };
    state.setFollowing(false);
    state.receiveLive('internal', [{ ...base, id: 1000, message: 'live one' }], 0);
    state.receiveLive('acme', [{ ...base, id: 1001, tenant: 'acme', message: 'not ours' }], 0);
    expect(store.getState().feedNew).toBe(1);
    expect(messages().at(-1)).toBe('live one');
    store.getState().setFollowing(true);
    expect(store.getState().feedNew).toBe(0);
  });

  it('shows, once, an event stored while the feed was loading whose live batch came before the answer', async () => {
    const dispatch = ctx.host.dispatch;
    let once = true;
    ctx.host.dispatch = async (method, args, caller) => {
      const answer = await dispatch(method, args, caller);
      if (method === 'feeds.query' && once) {
        once = false;
        // Stored after the query ran: not in its page, and announced before the page arrives.
        ctx.host.feeds.ingest('otlp', [ev(Date.now(), 'cart', 'stored meanwhile')]);
        ctx.host.feeds.flush();
      }
      return answer;
    };
    await store.getState().setFeedFilter({ window: 'all' });
    // Live batches reach the store a quarter second at a time (liveBuffer.ts).
    await expect.poll(messages).toContain('stored meanwhile');
    await new Promise((r) => setTimeout(r, 300));
    expect(messages().filter((m) => m === 'stored meanwhile')).toHaveLength(1);
    expect(messages().at(-1)).toBe('stored meanwhile');
  });

  it('shows events stored while the connection was down once it is back', async () => {
    ctx.connection.drop();
    ctx.host.feeds.ingest('otlp', [ev(Date.now(), 'cart', 'stored while offline')]);
    ctx.host.feeds.flush();
    await new Promise((r) => setTimeout(r, 50));
    expect(messages()).not.toContain('stored while offline');
    ctx.connection.restore();
    await expect.poll(messages).toContain('stored while offline');
    expect(messages().filter((m) => m === 'stored while offline')).toHaveLength(1);
  });

  it('never lets an older summary answer overwrite a newer one', async () => {
    const dispatch = ctx.host.dispatch;
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let first = true;
    ctx.host.dispatch = async (method, args, caller) => {
      const answer = await dispatch(method, args, caller);
      if (method === 'feeds.status' && first) {
        first = false;
        await held; // this answer, computed before the source was added, arrives last
      }
      return answer;
    };
    const older = store.getState().refreshFeedSummaries();
    await new Promise((r) => setTimeout(r, 50));
    await ctx.client.call('sources.add', {
      sessionId,
      source: { kind: 'file', name: 'app log', path: '/tmp/app.log' },
    });
    const newer = store.getState().refreshFeedSummaries();
    await new Promise((r) => setTimeout(r, 50));
    release();
    await Promise.all([older, newer]);
    expect(store.getState().feedStatus?.sources.map((s) => s.name)).toContain('app log');
  });

  it('pins evidence once and clears it when a note takes it', () => {
    const e = { kind: 'event' as const, eventId: 1, summary: 'x' };
    store.getState().pinEvidence(e);
    store.getState().pinEvidence(e);
    expect(store.getState().pendingEvidence).toEqual([e]);
    store.getState().unpinEvidence(e);
    expect(store.getState().pendingEvidence).toEqual([]);
  });

  it('lists sources and declares a command single-tenant through the host', async () => {
    const state = store.getState();
    const added = await state.addSource(sessionId, {
      kind: 'command',
      name: 'kubectl',
      command: 'kubectl logs -f -l tenant=internal',
    });
    expect(added.ok).toBe(true);
    const [listed] = (await state.listSources(sessionId))!;
    expect(listed).toMatchObject({ name: 'kubectl', tenancy: 'multi', warning: null });
    expect(await state.setSourceTenancy(listed!.id, 'single')).toMatchObject({ tenancy: 'single' });
    expect((await state.listSources(sessionId))![0]).toMatchObject({ tenancy: 'single' });
  });
});
