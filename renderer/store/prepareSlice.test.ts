import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRealClient } from '../../test-support/realClient';
import { createAppStore } from './index';
import { move, selectDotsLeft, upsert } from './prepareSlice';

let ctx: ReturnType<typeof createRealClient>;
let store: ReturnType<typeof createAppStore>;
let sessionId: string;
beforeEach(async () => {
  ctx = createRealClient();
  store = createAppStore(ctx.client);
  const created = await store.getState().createSession('Checkout');
  sessionId = created.ok ? created.id! : '';
  await store.getState().loadSession(sessionId);
});
afterEach(() => ctx.host.dispose());
const goalTitles = () => store.getState().detail!.goals.map((g) => g.title);

describe('prepare slice', () => {
  it('saves valid fields and returns field messages for invalid ones', async () => {
    expect(await store.getState().updateSession({ rotationMinutes: 10 })).toEqual({ ok: true });
    expect(store.getState().detail!.session.rotationMinutes).toBe(10);
    const bad = await store.getState().updateSession({ rotationMinutes: 0 });
    expect(bad).toMatchObject({
      ok: false,
      fields: { rotationMinutes: 'Rotation interval must be at least 1 minute' },
    });
    expect(store.getState().detail!.session.rotationMinutes).toBe(10);
  });

  it('moves goals at once and keeps the order the host confirms', async () => {
    for (const title of ['A', 'B', 'C']) await store.getState().addGoal({ title });
    const c = store.getState().detail!.goals[2]!.id;
    const pending = store.getState().moveGoal(c, 0);
    expect(goalTitles()).toEqual(['C', 'A', 'B']); // optimistic, before the host answers
    await pending;
    expect(
      (await ctx.host.call('sessions.get', { id: sessionId })).goals.map((g) => g.title),
    ).toEqual(['C', 'A', 'B']);
  });

  it('puts the order back when the host refuses a move', async () => {
    for (const title of ['A', 'B']) await store.getState().addGoal({ title });
    await ctx.host.call('sessions.archive', { id: sessionId, archived: true });
    await store.getState().moveGoal(store.getState().detail!.goals[1]!.id, 0);
    expect(goalTitles()).toEqual(['A', 'B']);
    expect(store.getState().toasts.at(-1)?.text).toMatch(/archived/);
  });

  it('counts dots left for the voter', async () => {
    await store.getState().addParticipant({ name: 'Ana', function: 'product', email: '' });
    const ana = store.getState().detail!.participants[0]!.id;
    expect(store.getState().votingAs).toBe(ana); // the first participant votes by default
    await store.getState().addGoal({ title: 'A' });
    await store.getState().vote(store.getState().detail!.goals[0]!.id, ana, 1);
    expect(selectDotsLeft(store.getState(), ana)).toBe(2);
  });

  it('previews then imports goals', async () => {
    const preview = await store.getState().previewImport('csv', 'title,priority\nA,must\n,could\n');
    expect(preview).toMatchObject({ accepted: [{ title: 'A' }], rejected: [{ line: 3 }] });
    expect(await store.getState().importGoals('csv', 'title,priority\nA,must\n,could\n')).toEqual({
      ok: true,
      count: 1,
    });
    expect(goalTitles()).toEqual(['A']);
  });

  it('follows changes made by another client through host events', async () => {
    await ctx.host.call('goals.add', { sessionId, title: 'Added elsewhere' });
    await expect.poll(goalTitles).toEqual(['Added elsewhere']);
    await ctx.host.call('sessions.delete', { id: sessionId });
    await expect.poll(() => store.getState().detailState).toBe('not-found');
  });

  it('upsert() replaces by id and appends only new items', () => {
    const a = { id: 'a', v: 1 };
    expect(
      upsert(
        [a, { id: 'b', v: 1 }],
        [
          { id: 'a', v: 2 },
          { id: 'c', v: 1 },
        ],
      ),
    ).toEqual([
      { id: 'a', v: 2 },
      { id: 'b', v: 1 },
      { id: 'c', v: 1 },
    ]);
  });

  it('move() clamps and keeps every item', () => {
    expect(move(['a', 'b', 'c'], 0, 5)).toEqual(['b', 'c', 'a']);
    expect(move(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
  });
});
