import { IDBFactory, IDBKeyRange, IDBTransaction } from 'fake-indexeddb';
import { ulid } from 'ulid';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OutboxDb, type OutboxEntry } from './db';
import { ANSWER_WITHIN_MS, createOffThreadPut, type WriterPort } from './offThread';
import { createOpsWriter, type FromWriter, type ToWriter } from './opsWriter';

const entry = (text: string): OutboxEntry => ({
  opId: ulid(),
  sessionId: 's1',
  seq: Date.now(),
  op: {
    opId: ulid(),
    kind: 'note.create',
    at: 0,
    note: { id: ulid(), type: 'observation', text, tags: [], authorId: 'p1', goalId: null },
  },
  state: 'pending',
  createdAt: Date.now(),
});

/** A worker stand-in: the real writer, on the same IndexedDB, messages delivered as tasks. */
function fakeWorker(idb: IDBFactory, tamper: (m: ToWriter) => ToWriter = (m) => m) {
  const posted: ToWriter[] = [];
  const port: WriterPort = {
    onmessage: null,
    onerror: null,
    postMessage(message) {
      posted.push(message);
      setTimeout(() => handle(tamper(structuredClone(message))));
    },
  };
  const handle = createOpsWriter(idb, (answer: FromWriter) =>
    setTimeout(() => port.onmessage?.({ data: answer } as MessageEvent<FromWriter>)),
  );
  return { port, posted };
}

const setup = () => {
  const idb = new IDBFactory();
  const db = new OutboxDb(`off-${ulid()}`, { indexedDB: idb, IDBKeyRange });
  return { idb, db };
};

describe("new ops written on the worker's thread", () => {
  it('are put by the worker, in IndexedDB, with the time each commit happened', async () => {
    const { idb, db } = setup();
    const worker = fakeWorker(idb);
    const put = createOffThreadPut(db, () => worker.port);
    const byPage = vi.spyOn(db.ops, 'put');
    const before = Date.now();
    const ops = [entry('one'), entry('two'), entry('three')];
    const times = await Promise.all(ops.map(put));
    for (const at of times) expect(at).toBeGreaterThanOrEqual(before - 1);
    expect(
      (await db.ops.toArray()).map((e) => e.op.kind === 'note.create' && e.op.note.text),
    ).toEqual(expect.arrayContaining(['one', 'two', 'three']));
    expect(byPage).not.toHaveBeenCalled();
    // The worker opened what the page's Dexie opened; the puts sent before that waited for it.
    expect(worker.posted.filter((m) => 'open' in m)).toEqual([
      { open: { name: db.name, version: db.backendDB().version } },
    ]);
    expect(worker.posted.filter((m) => 'put' in m)).toHaveLength(3);
  });

  it('are written by the page itself when the worker cannot open the store, none lost', async () => {
    const { idb, db } = setup();
    // A worker asked for another version would have to upgrade the page's schema: it refuses.
    const worker = fakeWorker(idb, (m) =>
      'open' in m ? { open: { ...m.open, version: m.open.version + 10 } } : m,
    );
    const put = createOffThreadPut(db, () => worker.port);
    await Promise.all([put(entry('a')), put(entry('b'))]);
    await put(entry('c'));
    expect(await db.ops.count()).toBe(3);
    expect(worker.posted.filter((m) => 'put' in m)).toHaveLength(2); // then no more tries
  });

  it('are written by the page where there is no worker', async () => {
    const { db } = setup();
    const put = createOffThreadPut(db, () => null);
    await put(entry('no worker here'));
    expect(await db.ops.count()).toBe(1);
  });

  it('are written by the page when the worker fails to start', async () => {
    const { db } = setup();
    const put = createOffThreadPut(db, () => {
      throw new Error('refused by the content security policy');
    });
    await put(entry('x'));
    expect(await db.ops.count()).toBe(1);
  });

  it('are written by the page when the worker does not answer', async () => {
    const { db } = setup();
    const terminate = vi.fn();
    const silent: WriterPort = {
      onmessage: null,
      onerror: null,
      postMessage: () => {},
      terminate,
    };
    const put = createOffThreadPut(db, () => silent);
    const started = Date.now();
    await put(entry('never answered'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(ANSWER_WITHIN_MS - 50);
    expect(await db.ops.count()).toBe(1);
    expect(terminate).toHaveBeenCalledTimes(1); // it cannot write it later, behind the page
  });
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

  it('still writes where transactions have no commit() (older browsers): they commit by themselves', async () => {
    const idb = new IDBFactory();
    const db = new OutboxDb(`writer-${ulid()}`, { indexedDB: idb, IDBKeyRange });
    await db.open();
    const proto = IDBTransaction.prototype as { commit?: () => void };
    const commit = proto.commit;
    delete proto.commit;
    try {
      const answers: FromWriter[] = [];
      const handle = createOpsWriter(idb, (m) => answers.push(m));
      handle({ open: { name: db.name, version: db.backendDB().version } });
      const note = entry('Coupon field ignores Enter');
      handle({ put: { id: 1, entry: note } });
      await vi.waitFor(() => expect(answers.find((a) => a.id === 1)).toMatchObject({ ok: true }));
      expect((await db.ops.get(note.opId))?.op).toEqual(note.op);
    } finally {
      proto.commit = commit;
      db.close();
    }
  });
});
