import { IDBFactory, IDBKeyRange, IDBTransaction } from 'fake-indexeddb';
import { ulid } from 'ulid';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OutboxDb, type OutboxEntry } from './db';
import { createOpsWriter, type FromWriter } from './opsWriter';

const entry = (text: string): OutboxEntry => ({
  opId: ulid(),
  sessionId: 's1',
  seq: 1,
  op: {
    opId: ulid(),
    kind: 'note.create',
    at: 0,
    note: { id: ulid(), type: 'observation', text, tags: [], authorId: 'p1', goalId: null },
  },
  state: 'pending',
  createdAt: Date.now(),
});

afterEach(() => vi.restoreAllMocks());

describe("the outbox's writer", () => {
  it('asks for the commit in the task of the put, not once the put has come back', async () => {
    const idb = new IDBFactory();
    const db = new OutboxDb(`writer-${ulid()}`, { indexedDB: idb, IDBKeyRange });
    await db.open();
    const answers: FromWriter[] = [];
    const handle = createOpsWriter(idb, (m) => answers.push(m));
    handle({ open: { name: db.name, version: db.backendDB().version } });
    handle({ put: { id: 0, entry: entry('first, while the database opens') } });
    await vi.waitFor(() => expect(answers.find((a) => a.id === 0)).toMatchObject({ ok: true }));

    const commit = vi.spyOn(IDBTransaction.prototype, 'commit');
    const note = entry('Checkout total is wrong');
    handle({ put: { id: 1, entry: note } });
    // In this same task, before anything has come back from IndexedDB.
    expect(commit).toHaveBeenCalledTimes(1);
    expect(answers.some((a) => a.id === 1)).toBe(false);
    await vi.waitFor(() => expect(answers.find((a) => a.id === 1)).toMatchObject({ ok: true }));
    expect((await db.ops.get(note.opId))?.op).toEqual(note.op);
    db.close();
  });
});
