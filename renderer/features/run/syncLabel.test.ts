import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { ulid } from 'ulid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors';
import { createRealClient } from '../../../test-support/realClient';
import { fillDisk, freeDisk, PAGE_FILLER } from '../../../test-support/fullDisk';
import { OutboxDb } from '../../outbox/db';
import { createOutbox } from '../../outbox/outbox';
import { syncLabel } from './syncLabel';

let ctx: ReturnType<typeof createRealClient>;
let sessionId: string;
let ana: string;
let startAt: number;
beforeEach(async () => {
  ctx = createRealClient();
  sessionId = (await ctx.client.call('sessions.create', { title: 'S', noteWriters: 'everyone' }))
    .session.id;
  ana = (await ctx.client.call('participants.add', { sessionId, name: 'Ana', function: 'product' }))
    .id;
  await ctx.client.call('participants.add', { sessionId, name: 'Ben', function: 'support' });
  startAt = (await ctx.client.call('run.start', { sessionId })).hostNow;
});
afterEach(() => ctx.host.dispose());

const note = (text: string) => ({
  opId: ulid(),
  kind: 'note.create' as const,
  at: startAt,
  note: { id: ulid(), type: 'bug' as const, text, tags: [], authorId: ana, goalId: null },
});

describe('a full disk on the host', () => {
  it('answers note commands with storage_full and a message that says what to do', async () => {
    fillDisk(ctx.host.db);
    const failure = await ctx.client
      .call('notes.apply', { sessionId, ops: [note(PAGE_FILLER)] })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ code: 'storage_full' });
    expect((failure as ApiError).message).toMatch(/^Disk full: .*Free some space/);
  });

  it('keeps notes on this device, says "Disk full", and sends them once space is back', async () => {
    const outbox = createOutbox(
      new OutboxDb(`outbox-${ulid()}`, { indexedDB: new IDBFactory(), IDBKeyRange }),
      ctx.client,
      () => {},
    );
    fillDisk(ctx.host.db);
    await outbox.enqueue(sessionId, note(`pasted trace\n${PAGE_FILLER}`));
    await outbox.flush(sessionId);
    const state = await outbox.state(sessionId);
    expect(state).toMatchObject({ pending: 1, offline: false, storage: 'full', rejected: [] });
    expect(syncLabel(state, false).label).toBe('Disk full — 1 note kept on this device');

    freeDisk(ctx.host.db);
    await outbox.flush(sessionId);
    const after = await outbox.state(sessionId);
    expect(after).toMatchObject({ pending: 0, storage: null });
    expect(syncLabel(after, false).label).toBe('Saved');
    const { notes } = await ctx.client.call('notes.timeline', { sessionId });
    expect(notes.map((n) => n.text.split('\n')[0])).toEqual(['pasted trace']);
    outbox.stop();
  });

  it('still says Offline when the host cannot be reached at all', () => {
    expect(syncLabel({ pending: 2, offline: true, storage: 'full' }, false).label).toBe(
      'Offline — 2 notes kept on this device',
    );
    expect(syncLabel({ pending: 0, offline: false, storage: null }, true).label).toBe(
      'Offline — 0 notes kept on this device',
    );
  });
});
