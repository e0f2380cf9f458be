import type { OutboxDb, OutboxEntry } from './db';
import type { FromWriter, ToWriter } from './opsWriter';
import { createWorkerOrPage, type WorkerPort } from '../lib/workerOrPage';

/** Past this, the page stops waiting for the worker and writes the ops itself (a put is idempotent). */
export const ANSWER_WITHIN_MS = 2000;

/** What the page needs of a worker (a stand-in in tests). */
export type WriterPort = WorkerPort<ToWriter, FromWriter>;

/**
 * Writes new ops through the worker (opsWriter.ts). Resolves with the epoch ms at which the put
 * committed; if the worker cannot write (none here, it failed to start, or refused), the page
 * writes the op itself with Dexie, and from then on every op.
 */
export function createOffThreadPut(db: OutboxDb, start: () => WriterPort | null) {
  return createWorkerOrPage<OutboxEntry, number, ToWriter, FromWriter>({
    start,
    send: (id, entry) => ({ put: { id, entry } }),
    read: (m) => ({ id: m.id, reply: m.ok ? { result: m.at } : { refused: m.error } }),
    onPage: (entry) => db.ops.put(entry).then(() => Date.now()),
    // The worker never says "taken": the deadline runs until the put's answer.
    withinMs: ANSWER_WITHIN_MS,
    // It opens what the page's Dexie opened, once that is open.
    started: (port, giveUp) =>
      void db.open().then(
        () => {
          const idb = db.backendDB();
          port.postMessage({ open: { name: idb.name, version: idb.version } });
        },
        () => giveUp('the store did not open'),
      ),
    name: 'the worker',
    does: 'write',
    late: 'did not answer',
    fallbackNote: "new notes are written on the page's thread",
  });
}

/** The app's worker; null where there is none (tests without workers, an old embedder). */
export function startOpsWorker(): WriterPort | null {
  if (typeof Worker === 'undefined') return null;
  return new Worker(new URL('./opsWriter.worker.ts', import.meta.url), {
    type: 'module',
    name: 'ensemble-outbox-writer',
  }) as unknown as WriterPort;
}
