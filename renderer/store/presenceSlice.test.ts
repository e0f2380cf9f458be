import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import { sharedScreenWriter } from '../../shared/domain/noteRules';
import { createStoreOverHost } from '../../test-support/storeOverHost';
import { OutboxDb } from '../outbox/db';
import { createAppStore } from '.';
import { graceNotices, ownFinishing } from './presenceSlice';

let ctx: ReturnType<typeof createStoreOverHost>;
let sessionId: string;
const ids: Record<string, string> = {};
const nameOf = (id: string) => Object.keys(ids).find((name) => ids[name] === id)!;

/** Another page of the same session, on another person's screen. */
async function page(as: string | null) {
  const store = createAppStore(
    ctx.client,
    new OutboxDb(`t-${ulid()}`, { indexedDB: new IDBFactory(), IDBKeyRange }),
  );
  if (as)
    store.setState({
      identity: {
        kind: 'person',
        sessionId,
        participantId: ids[as]!,
        name: as,
        capabilities: ['view', 'contribute'],
      },
    });
  await store.getState().loadSession(sessionId);
  await store.getState().loadRun(sessionId);
  return store;
}

beforeEach(async () => {
  ctx = createStoreOverHost({ testClock: 'frozen' });
  sessionId = (await ctx.client.call('sessions.create', { title: 'S', noteWriters: 'note-taker' }))
    .session.id;
  for (const name of ['Ana', 'Ben', 'Cleo'])
    ids[name] = (
      await ctx.client.call('participants.add', { sessionId, name, function: 'design' })
    ).id;
  await ctx.client.call('run.start', { sessionId });
});
afterEach(() => ctx.host.dispose());

describe('presence: who is finishing a note after their turn', () => {
  it('tells the next note-taker on their own page, until the note is saved', async () => {
    const shared = await page(null); // one shared screen, where the note-taker types
    const writer = nameOf(sharedScreenWriter('note-taker', shared.getState().run!.roles)!);
    shared.getState().saveDraft('the refund total is off', 'observation');
    expect(ownFinishing(shared.getState())).toBeNull(); // still their turn
    await ctx.client.call('dev.advanceClock', { ms: 60_000 });
    await ctx.client.call('run.rotate', { sessionId });
    await expect.poll(() => shared.getState().run?.rotationCount).toBe(1);
    const next = nameOf(sharedScreenWriter('note-taker', shared.getState().run!.roles)!);
    const other = Object.keys(ids).find((n) => n !== writer && n !== next)!;
    const [nextPage, otherPage] = [await page(next), await page(other)];

    const signal = ownFinishing(shared.getState());
    expect(signal).toEqual({ authorId: ids[writer], startedAt: expect.any(Number) });
    shared.getState().signalFinishing(signal);
    await expect
      .poll(() => graceNotices(nextPage.getState()))
      .toEqual([`${writer} is finishing a note — you take notes once it is saved`]);
    await expect
      .poll(() => graceNotices(otherPage.getState()))
      .toEqual([`${writer} is finishing a note — ${next} takes notes once it is saved`]);
    // Where it is typed, one line (not one known here and another from the host).
    await expect.poll(() => shared.getState().presence.finishing.length).toBe(1);
    expect(graceNotices(shared.getState())).toEqual([
      `${writer} is finishing a note — ${next} takes notes once it is saved`,
    ]);

    const saved = await shared
      .getState()
      .addNote({ raw: 'the refund total is off', type: 'observation', fromDraft: true });
    expect(saved).toEqual({ ok: true });
    await expect.poll(() => graceNotices(nextPage.getState())).toEqual([]);
    expect(graceNotices(otherPage.getState())).toEqual([]);
    const { notes } = await ctx.client.call('notes.timeline', { sessionId });
    expect(notes.map((n) => n.authorId)).toEqual([ids[writer]]);
  });

  it('says "finishing" and "stopped" to the host in the order they happened', async () => {
    const shared = await page(null);
    const writer = sharedScreenWriter('note-taker', shared.getState().run!.roles)!;
    shared.getState().saveDraft('half a sentence', 'observation');
    await ctx.client.call('dev.advanceClock', { ms: 60_000 });
    await ctx.client.call('run.rotate', { sessionId });
    await expect.poll(() => shared.getState().run?.rotationCount).toBe(1);
    const signal = ownFinishing(shared.getState());
    expect(signal?.authorId).toBe(writer);
    for (let i = 0; i < 3; i++) {
      shared.getState().signalFinishing(signal);
      shared.getState().signalFinishing(null); // the box was emptied
    }
    shared.getState().signalFinishing(signal);
    await expect.poll(() => shared.getState().presence.finishing.length).toBe(1);
    shared.getState().signalFinishing(null);
    await expect.poll(() => shared.getState().presence.finishing.length).toBe(0);
    expect((await ctx.client.call('notes.timeline', { sessionId })).presence.finishing).toEqual([]);
  });

  it('keeps the newest of what arrives in any order', async () => {
    const store = await page(null);
    const known = store.getState().presence.version; // from the timeline
    const newer = { version: known + 10, finishing: [{ participantId: ids.Ana!, until: 5 }] };
    store.getState().receivePresence({ version: known - 1, finishing: [] });
    store.getState().receivePresence(newer);
    store.getState().receivePresence({ version: known + 9, finishing: [] });
    expect(store.getState().presence).toEqual(newer);
  });
});
