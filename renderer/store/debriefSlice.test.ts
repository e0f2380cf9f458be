import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHECK_IDS } from '../../shared/domain/decision';
import { rawEvent } from '../../test-support/feedEvents';
import { createStoreOverHost } from '../../test-support/storeOverHost';

let ctx: ReturnType<typeof createStoreOverHost>;
let store: typeof ctx.store;
let sessionId: string;

beforeEach(async () => {
  ctx = createStoreOverHost();
  store = ctx.store;
  const { session } = await ctx.client.call('sessions.create', { title: 'Checkout' });
  sessionId = session.id;
  await ctx.client.call('participants.add', { sessionId, name: 'Ana', function: 'support' });
  await ctx.client.call('participants.add', { sessionId, name: 'Ben', function: 'engineering' });
  await ctx.client.call('goals.add', { sessionId, title: 'Pay', priority: 'must' });
  await ctx.client.call('run.start', { sessionId });
  ctx.host.feeds.ingest('otlp', [
    rawEvent(Date.now(), 'checkout failed', {
      level: 'error',
      error: { type: 'TypeError', value: 'cart is undefined', stack: '' },
    }),
  ]);
  ctx.host.feeds.flush();
  await ctx.client.call('run.end', { sessionId });
  await store.getState().loadSession(sessionId);
  await store.getState().loadDebrief(sessionId);
});
afterEach(() => ctx.host.dispose());

describe('debrief slice', () => {
  it('loads the debrief, metrics, recommendation and history, and keeps them current', async () => {
    const s = store.getState();
    expect(s.debrief?.findings).toEqual([]);
    expect(s.metrics?.metrics.rotations).toBe(0);
    expect(s.recommendation?.checks.map((c) => c.id)).toEqual(CHECK_IDS); // every check
    expect(s.decisions).toEqual([]);

    const created = await s.createFinding({ title: 'Blank coupon error', severity: 'blocker' });
    expect(created.ok).toBe(true);
    // The blocker turns the recommendation without a reload.
    expect(store.getState().recommendation?.score).toBe(0);
    expect(store.getState().debrief?.findings.map((f) => f.title)).toEqual(['Blank coupon error']);
  });

  it('offers the session’s error groups to attach to a finding, and takes them off again', async () => {
    const [group] = store.getState().debriefGroups;
    expect(group).toMatchObject({ type: 'TypeError', isNew: true });
    const created = await store.getState().createFinding({ title: 'Cart crash' });
    const id = (created as { id: string }).id;
    const evidence = [{ kind: 'group' as const, groupKey: group!.groupKey, summary: 'TypeError' }];
    expect((await store.getState().updateFinding(id, { evidence })).ok).toBe(true);
    expect(store.getState().debrief?.findings[0]?.evidence).toEqual(evidence);
    await store.getState().updateFinding(id, { evidence: [] });
    expect(store.getState().debrief?.findings[0]?.evidence).toEqual([]);
  });

  it('keeps field errors with the form and signs once', async () => {
    const s = store.getState();
    const bad = await s.createFinding({ title: '   ' });
    expect(bad).toMatchObject({ ok: false, fields: { 'finding.title': 'Title is required' } });
    const decision = {
      action: 'hold' as const,
      toStage: null,
      rationale: 'Not yet',
      conditions: [],
      approverName: 'Dana',
      approverId: null,
    };
    expect((await s.signDecision(decision, null)).ok).toBe(true);
    expect(store.getState().decisions.map((d) => d.version)).toEqual([1]);
    const again = await s.signDecision(decision, null);
    expect(again).toMatchObject({ ok: false, message: expect.stringContaining('amend it') });
    const out = await s.exportSession('json', false);
    expect(JSON.parse(out!.content)).toMatchObject({
      status: 'signed',
      decision: { action: 'hold' },
    });
  });
});
