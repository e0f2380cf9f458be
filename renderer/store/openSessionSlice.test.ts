import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rawEvent } from '../../test-support/feedEvents';
import { createStoreOverHost } from '../../test-support/storeOverHost';
import { NO_FEED_FILTER } from './feedsSlice';

let ctx: ReturnType<typeof createStoreOverHost>;
let store: typeof ctx.store;
beforeEach(() => {
  ctx = createStoreOverHost();
  store = ctx.store;
});
afterEach(() => ctx.host.dispose());

/** A running session with people, a log error and a finding. */
async function ranSession(title: string) {
  const sessionId = (await ctx.client.call('sessions.create', { title })).session.id;
  for (const name of ['Ana', 'Ben', 'Cleo'])
    await ctx.client.call('participants.add', { sessionId, name, function: 'support' });
  await ctx.client.call('run.start', { sessionId });
  ctx.host.feeds.ingest('otlp', [rawEvent(Date.now(), 'checkout failed', { level: 'error' })]);
  ctx.host.feeds.flush();
  await ctx.client.call('debrief.createFinding', { sessionId, finding: { title: 'Cart crash' } });
  return sessionId;
}

/** Give host events time to arrive, so that a test can show they changed nothing. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('open session slice', () => {
  it('loads a session, and marks an unknown one as not found', async () => {
    const created = await store.getState().createSession('Checkout');
    await store.getState().loadSession(created.ok ? created.id! : '');
    expect(store.getState().detailState).toBe('ready');
    await store.getState().loadSession('01ARZ3NDEKTSV4RRFFQ69G5FAV');
    expect(store.getState().detailState).toBe('not-found');
  });

  it('leaves nothing of the first session in run, feeds or debrief once a second opens', async () => {
    const first = await ranSession('Checkout');
    const s = () => store.getState();
    await s().loadSession(first);
    await s().loadRun(first);
    await s().loadFeed(first);
    await s().loadDebrief(first);
    expect(await s().addNote({ raw: 'bug: two totals', type: 'observation' })).toEqual({
      ok: true,
    });
    await expect.poll(() => s().timeline.notes.length).toBe(1);
    const ana = s().detail!.participants[0]!.id;
    s().setMe(ana);
    s().setVotingAs(ana);
    s().pinEvidence({ kind: 'event', eventId: s().feedEvents[0]!.id, summary: 'x' });
    await s().setFeedFilter({ text: 'checkout' });
    expect(s().run?.status).toBe('running');
    expect(s().feedEvents).toHaveLength(1);
    expect(s().debrief?.findings).toHaveLength(1);

    const second = (await ctx.client.call('sessions.create', { title: 'Search' })).session.id;
    await s().loadSession(second);
    expect(s()).toMatchObject({
      openSessionId: second,
      detail: { session: { id: second } },
      run: null,
      timeline: { notes: [], events: [] },
      outboxEntries: [],
      me: 'auto',
      votingAs: null,
      feedLoaded: false,
      feedEvents: [],
      feedFilter: NO_FEED_FILTER,
      pendingEvidence: [],
      groups: [],
      rate: null,
      feedStatus: null,
      debrief: null,
      metrics: null,
      recommendation: null,
      decisions: [],
      debriefGroups: [],
    });

    // With the second one shown, the first one's events and its tenant's log lines change nothing.
    await s().updateSession({ tenantId: 'acme' });
    await Promise.all([s().loadRun(second), s().loadFeed(second), s().loadDebrief(second)]);
    await ctx.client.call('run.pause', { sessionId: first });
    await ctx.client.call('debrief.createFinding', {
      sessionId: first,
      finding: { title: 'Late' },
    });
    ctx.host.feeds.ingest('otlp', [rawEvent(Date.now(), 'checkout failed again')]);
    ctx.host.feeds.flush();
    await settle();
    expect(s()).toMatchObject({
      run: { sessionId: second, status: 'draft' },
      timeline: { notes: [] },
      feedEvents: [],
      debrief: { findings: [] },
    });
  });

  it('drops what the first session answers after the second was opened', async () => {
    const first = await ranSession('Checkout');
    const second = (await ctx.client.call('sessions.create', { title: 'Search' })).session.id;
    await store.getState().loadSession(first);
    const late = Promise.all([
      store.getState().loadRun(first),
      store.getState().loadFeed(first),
      store.getState().loadDebrief(first),
    ]);
    await store.getState().loadSession(second);
    await late;
    expect(store.getState()).toMatchObject({
      openSessionId: second,
      detail: { session: { id: second } },
      run: null,
      feedEvents: [],
      debrief: null,
    });
    expect(store.getState().toasts).toEqual([]);
  });
});
