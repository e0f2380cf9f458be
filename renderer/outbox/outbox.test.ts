import { IDBDatabase as FakeDatabase, IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { ulid } from 'ulid';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../shared/api/errors';
import type { OpInput } from '../../shared/domain/notes';
import type { ApiClient } from '../api/client';
import { createRealClient } from '../../test-support/realClient';
import { OutboxDb } from './db';
import { createOutbox } from './outbox';
import { syncLabel } from '../features/run/syncLabel';
import { fillDisk, freeDisk, PAGE_FILLER } from '../../test-support/fullDisk';

let ctx: ReturnType<typeof createRealClient>;
let online: boolean;
let flaky: ApiClient;
let sessionId: string;
let ana: string;
let startAt: number;
const db = () => new OutboxDb(`outbox-${ulid()}`, { indexedDB: new IDBFactory(), IDBKeyRange });

beforeEach(async () => {
  ctx = createRealClient();
  online = true;
  flaky = {
    ...ctx.client,
    call: (method, args) =>
      online
        ? ctx.client.call(method, args)
        : Promise.reject(new ApiError('unavailable', 'Cannot reach the Ensemble host')),
  };
  sessionId = (await ctx.client.call('sessions.create', { title: 'S', noteWriters: 'everyone' }))
    .session.id;
  ana = (await ctx.client.call('participants.add', { sessionId, name: 'Ana', function: 'product' }))
    .id;
  await ctx.client.call('participants.add', { sessionId, name: 'Ben', function: 'support' });
  startAt = (await ctx.client.call('run.start', { sessionId })).hostNow;
});
afterEach(() => ctx.host.dispose());

const note = (text: string): OpInput => ({
  opId: ulid(),
  kind: 'note.create',
  at: startAt,
  note: { id: ulid(), type: 'observation', text, tags: [], authorId: ana, goalId: null },
});
const storedTexts = async () =>
  (await ctx.client.call('notes.timeline', { sessionId })).notes.map((n) => n.text);

describe('outbox', () => {
  it('keeps notes while the host is unreachable and sends each once when it is back', async () => {
    const outbox = createOutbox(db(), flaky, () => {});
    online = false;
    await outbox.enqueue(sessionId, note('one'));
    await outbox.enqueue(sessionId, note('two'));
    await outbox.flush(sessionId);
    expect(await outbox.state(sessionId)).toMatchObject({ pending: 2, offline: true });
    online = true;
    await outbox.flush(sessionId);
    await outbox.flush(sessionId);
    expect(await outbox.state(sessionId)).toMatchObject({ pending: 0, offline: false });
    expect(await storedTexts()).toEqual(['one', 'two']);
    outbox.stop();
  });

  it('survives a reload: a new outbox on the same database replays what the old one had', async () => {
    const store = db();
    online = false;
    const before = createOutbox(store, flaky, () => {});
    await before.enqueue(sessionId, note('typed before the reload'));
    before.stop();
    online = true;
    const after = createOutbox(store, flaky, () => {});
    expect((await after.entries(sessionId)).map((e) => e.state)).toEqual(['pending']);
    await after.flush(sessionId);
    expect(await storedTexts()).toEqual(['typed before the reload']);
    after.stop();
  });

  it('writes each note without waiting behind reads: the sync state comes from memory', async () => {
    const store = db();
    const reads: string[] = [];
    const open = FakeDatabase.prototype.transaction;
    const spy = vi.spyOn(FakeDatabase.prototype, 'transaction').mockImplementation(function (
      this: IDBDatabase,
      names,
      mode,
      options,
    ) {
      if ((mode ?? 'readonly') === 'readonly') reads.push(String(names));
      return open.call(this, names, mode, options);
    });
    const outbox = createOutbox(store, flaky, () => {});
    await outbox.entries(sessionId); // the start's one read of what this device kept
    const atStart = reads.length;
    for (let i = 0; i < 10; i++) {
      await outbox.enqueue(sessionId, note(`note ${i}`));
      await outbox.snapshot(sessionId);
    }
    await outbox.flush(sessionId);
    expect(reads.length - atStart).toBe(0);
    expect(await outbox.state(sessionId)).toMatchObject({ pending: 0 });
    expect(await storedTexts()).toHaveLength(10);
    expect(await store.ops.count()).toBe(0);
    spy.mockRestore();
    outbox.stop();
  });

  it("an acknowledgement that comes before the worker's put commits leaves nothing behind", async () => {
    const store = db();
    // The put (on the worker's thread in the app) commits only after the host has answered.
    const slowPut = async (entry: Parameters<typeof store.ops.put>[0]) => {
      await new Promise((r) => setTimeout(r, 150));
      await store.ops.put(entry);
      return Date.now();
    };
    const outbox = createOutbox(store, flaky, () => {}, undefined, null, slowPut);
    await outbox.entries(sessionId);
    const saved = outbox.enqueue(sessionId, note('answered before it was durable'));
    await outbox.flush(sessionId);
    expect(await storedTexts()).toEqual(['answered before it was durable']);
    await saved;
    await outbox.flush(sessionId);
    expect(await store.ops.count()).toBe(0); // the removal waited for the put
    expect(await outbox.entries(sessionId)).toEqual([]);
    outbox.stop();
  });

  it('on reconnect also sends what another page of this device kept meanwhile, once', async () => {
    const store = db();
    const outbox = createOutbox(store, flaky, () => {});
    await outbox.entries(sessionId);
    const other = createOutbox(store, flaky, () => {});
    online = false;
    await other.enqueue(sessionId, note('kept by a page that then closed'));
    await other.flush(sessionId);
    other.stop();
    online = true;
    await outbox.flushAll();
    expect(await storedTexts()).toEqual(['kept by a page that then closed']);
    expect(await outbox.entries(sessionId)).toEqual([]);
    expect(await store.ops.count()).toBe(0);
    outbox.stop();
  });

  it('a replay of ops the host already has leaves one copy and empties the outbox', async () => {
    const store = db();
    const op = note('sent twice');
    await ctx.client.call('notes.apply', { sessionId, ops: [op] }); // the host has it; the answer was "lost"
    // Kept by a page that went away before the answer came: the next page sends it again.
    await store.ops.put({
      opId: op.opId,
      sessionId,
      seq: 1,
      op,
      state: 'pending',
      createdAt: Date.now(),
    });
    const seen: string[] = [];
    const replay = createOutbox(
      store,
      flaky,
      () => {},
      (_s, notes) => seen.push(...notes.map((n) => n.text)),
    );
    await replay.flush(sessionId);
    expect(await storedTexts()).toEqual(['sent twice']);
    expect(seen).toEqual(['sent twice']);
    expect(await replay.entries(sessionId)).toEqual([]);
    replay.stop();
  });

  it('sends a note at once, and what is written while it is on its way after it, in order, once', async () => {
    const calls: string[][] = [];
    let answer = () => {};
    // The host answers the first call only when told: edits and notes pile up behind it.
    const held: ApiClient = {
      ...ctx.client,
      call: async (method, args) => {
        if (method === 'notes.apply')
          calls.push((args as { ops: OpInput[] }).ops.map((o) => o.kind));
        if (calls.length === 1) await new Promise<void>((go) => (answer = go));
        return ctx.client.call(method, args);
      },
    };
    const outbox = createOutbox(db(), held, () => {}, undefined, memoryStorage());
    await outbox.flush(sessionId); // nothing waits: the next op goes without reading IndexedDB
    const first = note('first');
    void outbox.enqueue(sessionId, first);
    await expect.poll(() => calls.length).toBe(1);
    const edit: OpInput = {
      opId: ulid(),
      kind: 'note.edit',
      at: startAt,
      editorId: ana,
      noteId: first.kind === 'note.create' ? first.note.id : '',
      patch: { text: 'first, edited' },
    };
    await outbox.enqueue(sessionId, edit);
    await outbox.enqueue(sessionId, note('second'));
    expect(calls).toHaveLength(1);
    answer();
    await expect.poll(async () => (await outbox.state(sessionId)).pending).toBe(0);
    await outbox.flush(sessionId);
    // The edit went after the note it edits, never beside it; nothing went twice.
    expect(calls).toEqual([['note.create'], ['note.edit', 'note.create']]);
    expect(await storedTexts()).toEqual(['first, edited', 'second']);
    outbox.stop();
  });

  it('keeps a refused op visible with the reason until dismissed', async () => {
    const outbox = createOutbox(db(), flaky, () => {});
    await outbox.enqueue(sessionId, { ...note('x'), at: startAt + 3_600_000 });
    await outbox.flush(sessionId);
    const [rejected] = (await outbox.state(sessionId)).rejected;
    expect(rejected).toMatchObject({
      state: 'rejected',
      error: 'The note’s time is in the future; check this computer’s clock',
    });
    await outbox.dismiss(rejected!.opId, sessionId);
    expect(await outbox.entries(sessionId)).toEqual([]);
    outbox.stop();
  });

  it('keeps the draft being typed, synchronously, and clears it with an empty text', () => {
    const storage = memoryStorage();
    const outbox = createOutbox(db(), flaky, () => {}, undefined, storage);
    outbox.saveDraft(sessionId, 'half a thought', 'bug');
    // What a page opened next (a reload) reads at once, without waiting for IndexedDB.
    const reloaded = createOutbox(db(), flaky, () => {}, undefined, storage);
    expect(reloaded.draftNow(sessionId)).toEqual({ text: 'half a thought', type: 'bug' });
    reloaded.saveDraft(sessionId, '', 'bug');
    expect(outbox.draftNow(sessionId)).toBeNull();
    outbox.stop();
    reloaded.stop();
  });

  it('keeps who began the draft and when, so a reload finds its start with its text', async () => {
    const storage = memoryStorage();
    const outbox = createOutbox(db(), flaky, () => {}, undefined, storage);
    const start = { authorId: ana, startedAt: startAt + 1000 };
    outbox.saveDraft(sessionId, 'half a', 'bug', start);
    outbox.saveDraft(sessionId, 'half a thought', 'bug', start);
    const reloaded = createOutbox(db(), flaky, () => {}, undefined, storage);
    expect(reloaded.draftNow(sessionId)).toEqual({ text: 'half a thought', type: 'bug', start });
    // A draft kept before starts were kept, or with a start that is not one, has none.
    storage.setItem(
      `ensemble.draft.${sessionId}`,
      JSON.stringify({ text: 'old', type: 'idea', start: { authorId: ana, startedAt: 'soon' } }),
    );
    expect(reloaded.draftNow(sessionId)).toEqual({ text: 'old', type: 'idea' });
    // Where this device has no localStorage, IndexedDB keeps the start too.
    const noStorage = createOutbox(db(), flaky, () => {}, undefined, null);
    noStorage.saveDraft(sessionId, 'kept in IndexedDB', 'risk', start);
    await expect
      .poll(() => noStorage.draft(sessionId))
      .toEqual({ text: 'kept in IndexedDB', type: 'risk', start });
    outbox.stop();
    reloaded.stop();
    noStorage.stop();
  });

  it('still finds a draft an earlier version kept in IndexedDB', async () => {
    const store = db();
    await store.drafts.put({ sessionId, text: 'from before', type: 'idea', updatedAt: 1 });
    const outbox = createOutbox(store, flaky, () => {}, undefined, memoryStorage());
    expect(await outbox.draft(sessionId)).toEqual({ text: 'from before', type: 'idea' });
    outbox.saveDraft(sessionId, '', 'idea');
    await expect.poll(() => outbox.draft(sessionId)).toBeNull();
    outbox.stop();
  });

  describe("with the host's disk full", () => {
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
      const outbox = createOutbox(db(), ctx.client, () => {});
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
  });

  it('a put that throws at once still leaves the note in the journal, sent on the next start', async () => {
    const storage = memoryStorage();
    const indexedDB = new IDBFactory();
    const name = `outbox-${ulid()}`;
    const open = () => new OutboxDb(name, { indexedDB, IDBKeyRange });
    const throwing = (): Promise<number> => {
      throw new DOMException('could not be cloned', 'DataCloneError');
    };
    online = false; // nothing reaches the host from this page: only the journal can keep it
    const before = createOutbox(open(), flaky, () => {}, undefined, storage, throwing);
    await before.entries(sessionId);
    await expect(before.enqueue(sessionId, note('kept though the put threw'))).rejects.toThrow(
      'could not be cloned',
    );
    before.stop();
    expect(storage.length).toBe(1);
    expect(await storedTexts()).toEqual([]);
    online = true;
    const after = createOutbox(open(), flaky, () => {}, undefined, storage);
    await after.flushAll();
    expect(await storedTexts()).toEqual(['kept though the put threw']);
    after.stop();
  });

  it('a note whose page went away before IndexedDB had it is sent on the next start, once', async () => {
    const storage = memoryStorage();
    const name = `outbox-${ulid()}`;
    const indexedDB = new IDBFactory();
    const open = () => new OutboxDb(name, { indexedDB, IDBKeyRange });
    // The page that goes away: its IndexedDB write never reaches the database the next page
    // opens, and its call never gets an answer.
    const silent: ApiClient = { ...flaky, call: () => new Promise<never>(() => {}) };
    const before = createOutbox(db(), silent, () => {}, undefined, storage);
    void before.enqueue(sessionId, note('typed just before the reload'));
    before.stop();

    const after = createOutbox(open(), flaky, () => {}, undefined, storage);
    expect((await after.entries(sessionId)).map((e) => e.op.opId)).toHaveLength(1);
    await after.flush(sessionId);
    // A third start (another tab, a second reload) finds nothing more to send.
    const again = createOutbox(open(), flaky, () => {}, undefined, storage);
    await again.flushAll();
    expect(await storedTexts()).toEqual(['typed just before the reload']);
    expect(await again.entries(sessionId)).toEqual([]);
    after.stop();
    again.stop();
  });
});

/** The Web Storage API as a browser has it, in memory (Node has no localStorage). */
function memoryStorage() {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    key: (i: number) => [...items.keys()][i] ?? null,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, String(v)),
    removeItem: (k: string) => void items.delete(k),
  };
}
