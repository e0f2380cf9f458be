import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Note } from '../../shared/domain/notes';
import { resolveObjectURL } from 'node:buffer';
import { PNG_1x1 } from '../../test-support/images';
import { createStoreOverHost } from '../../test-support/storeOverHost';
import { MAX_IMAGE_URLS, mergeNotes, noteAuthor } from './runSlice';

let ctx: ReturnType<typeof createStoreOverHost>;
let store: typeof ctx.store;
let sessionId: string;
const ids: Record<string, string> = {};

beforeEach(async () => {
  ctx = createStoreOverHost();
  store = ctx.store;
  sessionId = (await ctx.client.call('sessions.create', { title: 'S' })).session.id;
  for (const name of ['Ana', 'Ben', 'Cleo'])
    ids[name] = (
      await ctx.client.call('participants.add', { sessionId, name, function: 'design' })
    ).id;
  await store.getState().loadSession(sessionId);
  await store.getState().loadRun(sessionId);
});
afterEach(() => ctx.host.dispose());

describe('run slice', () => {
  it('starts the session and follows the host’s snapshots', async () => {
    expect(store.getState().run?.status).toBe('draft');
    expect((await store.getState().command('run.start', {})).ok).toBe(true);
    expect(store.getState().run?.roles.map((r) => r.participantId)).toEqual([
      ids.Ana,
      ids.Cleo,
      ids.Ben,
    ]);
    await ctx.client.call('run.rotate', { sessionId }); // another client rotates
    await expect.poll(() => store.getState().run?.rotationCount).toBe(1);
  });

  it('writes notes as whoever takes notes now, or refuses with the reason', async () => {
    expect(noteAuthor(store.getState())).toEqual({
      authorId: null,
      reason: 'Start the session to take notes',
    });
    await store.getState().command('run.start', {});
    expect(noteAuthor(store.getState())).toEqual({ authorId: ids.Ben });
    store.getState().setMe(ids.Ana!);
    expect(noteAuthor(store.getState())).toEqual({
      authorId: null,
      reason: 'Only the note-taker (Ben) writes notes now',
    });
    store.getState().setMe('auto');
    expect(
      await store.getState().addNote({ raw: 'bug: total twice #pricing', type: 'observation' }),
    ).toEqual({ ok: true });
    await expect
      .poll(() => store.getState().timeline.notes.map((n) => [n.type, n.text, n.tags]))
      .toEqual([['bug', 'total twice #pricing', ['pricing']]]);
    expect((await store.getState().addNote({ raw: 'q:   ', type: 'observation' })).ok).toBe(false);
  });

  it('merges notes by version, so a late answer neither hides a new note nor revives a deleted one', () => {
    const n = (id: string, version: number, deleted = false) =>
      ({
        id,
        version,
        at: 1,
        deletedAt: deleted ? 2 : null,
        text: `${id}v${version}`,
      }) as unknown as Note;
    const merged = mergeNotes([n('A', 2, true), n('B', 1)], [n('A', 1), n('B', 2), n('C', 1)]);
    expect(merged.map((x) => x.text)).toEqual(['Av2', 'Bv2', 'Cv1']);
    expect(merged[0]!.deletedAt).not.toBeNull();
    // The same versions again (an answer, then its event): the very same list, nothing to draw.
    expect(mergeNotes(merged, [n('B', 2), n('C', 1)])).toBe(merged);
  });

  it('keeps the images of the last screenshots shown, not of every one since the page opened', async () => {
    // Distinct images (bytes after the end of a PNG are ignored by readers), uploaded as the
    // web transport does, with a raw body.
    const image = (i: number) => Buffer.concat([PNG_1x1, Buffer.from(`#${i}`)]);
    const upload = async (i: number) =>
      (await ctx.host.call('screenshots.upload', { sessionId, bytes: image(i) })).hash;
    await ctx.client.call('run.start', { sessionId });
    const urls: string[] = [];
    for (let i = 0; i < MAX_IMAGE_URLS + 10; i++)
      urls.push((await store.getState().screenshotUrl(await upload(i)))!);
    const held = urls.filter((url) => resolveObjectURL(url) !== undefined);
    expect(held).toEqual(urls.slice(-MAX_IMAGE_URLS));
    // One shown again after it was let go gets its image back.
    const again = (await store.getState().screenshotUrl(await upload(0)))!;
    expect(again).not.toBe(urls[0]);
    expect(Buffer.from(await resolveObjectURL(again)!.arrayBuffer())).toEqual(image(0));
  });
});
