import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempHost } from '../../../test-support/tempHost';

let host: ReturnType<typeof createTempHost>;
let sessionId: string;
beforeEach(async () => {
  host = createTempHost();
  sessionId = (await host.call('sessions.create', { title: 'Checkout', votesPerParticipant: 2 }))
    .session.id;
});
afterEach(() => host.dispose());
const caller = { transport: 'test' } as const;
const titles = async () =>
  (await host.call('sessions.get', { id: sessionId })).goals.map((g) => g.title);

describe('goals', () => {
  it('adds with defaults, edits, reorders and removes', async () => {
    const a = await host.call('goals.add', { sessionId, title: 'Pay by card' });
    expect(a).toMatchObject({ priority: 'should', owner: '', detail: '', votes: [] });
    const b = await host.call('goals.add', {
      sessionId,
      title: 'Refund',
      priority: 'must',
      owner: 'Ana',
    });
    await host.call('goals.update', {
      id: a.id,
      patch: { priority: 'could', detail: 'Visa and Mastercard' },
    });
    await host.call('goals.reorder', { sessionId, orderedIds: [b.id, a.id] });
    expect(await titles()).toEqual(['Refund', 'Pay by card']);
    await host.call('goals.remove', { id: b.id });
    expect(await titles()).toEqual(['Pay by card']);
    const bad = await host.dispatch(
      'goals.update',
      { id: a.id, patch: { priority: 'urgent' } },
      caller,
    );
    expect(bad).toMatchObject({
      ok: false,
      error: {
        issues: [{ path: 'patch.priority', message: 'Priority must be must, should or could' }],
      },
    });
  });

  it('counts dots per participant within the session’s budget', async () => {
    const ana = await host.call('participants.add', {
      sessionId,
      name: 'Ana',
      function: 'product',
    });
    const g1 = await host.call('goals.add', { sessionId, title: 'One' });
    const g2 = await host.call('goals.add', { sessionId, title: 'Two' });
    await host.call('goals.vote', { goalId: g1.id, participantId: ana.id, delta: 1 });
    const twice = await host.call('goals.vote', { goalId: g1.id, participantId: ana.id, delta: 1 });
    expect(twice.votes).toEqual([{ participantId: ana.id, dots: 2 }]);
    const over = await host.dispatch(
      'goals.vote',
      { goalId: g2.id, participantId: ana.id, delta: 1 },
      caller,
    );
    expect(over).toMatchObject({
      ok: false,
      error: {
        code: 'conflict',
        message: 'Ana has used all 2 dots; take one back from another goal first',
      },
    });
    await host.call('goals.vote', { goalId: g1.id, participantId: ana.id, delta: -1 });
    expect(
      (await host.call('goals.vote', { goalId: g2.id, participantId: ana.id, delta: 1 })).votes,
    ).toHaveLength(1);
    const none = await host.dispatch(
      'goals.vote',
      { goalId: g2.id, participantId: ana.id, delta: -1 },
      caller,
    );
    expect(none.ok).toBe(true);
    const underflow = await host.dispatch(
      'goals.vote',
      { goalId: g2.id, participantId: ana.id, delta: -1 },
      caller,
    );
    expect(underflow).toMatchObject({
      ok: false,
      error: { message: 'Ana has no dot on this goal' },
    });
    const badDelta = await host.dispatch(
      'goals.vote',
      { goalId: g2.id, participantId: ana.id, delta: 5 },
      caller,
    );
    expect(badDelta).toMatchObject({ ok: false, error: { issues: [{ path: 'delta' }] } });
  });

  it('previews an import without writing, then imports the accepted rows in one transaction', async () => {
    const csv = 'title,priority,owner\nA,must,Ana\n,must,\nB,urgent,\nC,could,\n';
    const preview = await host.call('goals.previewImport', { sessionId, format: 'csv', text: csv });
    expect(preview.accepted.map((g) => g.title)).toEqual(['A', 'C']);
    expect(preview.rejected.map((r) => r.line)).toEqual([3, 4]);
    expect(await titles()).toEqual([]);
    const result = await host.call('goals.import', { sessionId, format: 'csv', text: csv });
    expect(result.imported.map((g) => [g.title, g.priority, g.owner])).toEqual([
      ['A', 'must', 'Ana'],
      ['C', 'could', ''],
    ]);
    expect(await titles()).toEqual(['A', 'C']);
  });

  it('refuses an import that has nothing valid, or no goal column, and writes nothing', async () => {
    for (const text of ['title\n\n,\n', 'name\nx\n']) {
      const res = await host.dispatch('goals.import', { sessionId, format: 'csv', text }, caller);
      expect(res).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    }
    const huge = await host.dispatch(
      'goals.import',
      { sessionId, format: 'markdown', text: 'x'.repeat(2_000_001) },
      caller,
    );
    expect(huge).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/larger than 2 MB/) },
    });
    expect(await titles()).toEqual([]);
  });

  it('exports CSV that imports back to the same goals', async () => {
    await host.call('goals.import', {
      sessionId,
      format: 'markdown',
      text: '## Must\n- [ ] Pay, then refund\n- [ ] "Quoted" title\n',
    });
    const { filename, csv } = await host.call('goals.exportCsv', { sessionId });
    expect(filename).toBe('checkout-goals.csv');
    const preview = await host.call('goals.previewImport', { sessionId, format: 'csv', text: csv });
    expect(preview.accepted.map((g) => [g.title, g.priority])).toEqual([
      ['Pay, then refund', 'must'],
      ['"Quoted" title', 'must'],
    ]);
  });
});
