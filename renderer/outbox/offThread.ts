import type { OutboxDb, OutboxEntry } from './db';
import type { FromWriter, ToWriter } from './opsWriter';
import { startWorker } from '../lib/startWorker';

/** Past this, the page stops waiting for the worker and writes the ops itself (a put is idempotent). */
export const ANSWER_WITHIN_MS = 2000;

/** What the page needs of a worker (a stand-in in tests). */
export type WriterPort = {
  postMessage(message: ToWriter): void;
  onmessage: ((event: MessageEvent<FromWriter>) => void) | null;
  onerror: ((event: unknown) => void) | null;
  /** Stops it: a worker given up on must not go on with what it was handed (a real Worker's). */
  terminate?(): void;
};

/**
 * Writes new ops through the worker (opsWriter.ts). Resolves with the epoch ms at which the put
 * committed; if the worker cannot write (none here, it failed to start, or refused), the page
 * writes the op itself with Dexie, and from then on every op.
 */
export function createOffThreadPut(db: OutboxDb, start: () => WriterPort | null) {
  let port: WriterPort | null = null;
  let broken = false;
  let next = 0;
  const answers = new Map<
    number,
    { entry: OutboxEntry; done: (at: number) => void; fail: (e: unknown) => void }
  >();

  const mainThread = (entry: OutboxEntry) => db.ops.put(entry).then(() => Date.now());

  function giveUp(reason: string) {
    if (!broken) console.warn(`[ensemble] new notes are written on the page's thread: ${reason}`);
    broken = true;
    if (port) {
      port.onmessage = null;
      port.terminate?.();
    }
    port = null;
    for (const [id, a] of answers) {
      answers.delete(id);
      mainThread(a.entry).then(a.done, a.fail);
    }
  }

  function connect(): WriterPort | null {
    if (port || broken) return port;
    port = startWorker(start);
    if (!port) {
      broken = true;
      return null;
    }
    port.onmessage = ({ data }) => {
      const a = answers.get(data.id);
      if (!a) return;
      answers.delete(data.id);
      if (data.ok) a.done(data.at);
      else {
        // The worker could not write this one (and will not write the next): the page does.
        giveUp(`the worker could not write (${data.error})`);
        mainThread(a.entry).then(a.done, a.fail);
      }
    };
    port.onerror = () => giveUp('the worker failed');
    const opened = port;
    db.open().then(
      () => {
        const idb = db.backendDB();
        opened.postMessage({ open: { name: idb.name, version: idb.version } });
      },
      () => giveUp('the store did not open'),
    );
    return port;
  }

  // Started now: the first note does not wait for the worker's script to load.
  connect();
  return (entry: OutboxEntry): Promise<number> => {
    const writer = connect();
    if (!writer) return mainThread(entry);
    return new Promise<number>((done, fail) => {
      const id = ++next;
      answers.set(id, { entry, done, fail });
      writer.postMessage({ put: { id, entry } });
      // A worker that never answers (stuck, or gone without an error) does not hold notes up.
      setTimeout(() => {
        if (answers.has(id)) giveUp(`no answer from the worker in ${ANSWER_WITHIN_MS} ms`);
      }, ANSWER_WITHIN_MS);
    });
  };
}

/** The app's worker; null where there is none (tests without workers, an old embedder). */
export function startOpsWorker(): WriterPort | null {
  if (typeof Worker === 'undefined') return null;
  return new Worker(new URL('./opsWriter.worker.ts', import.meta.url), {
    type: 'module',
    name: 'ensemble-outbox-writer',
  }) as unknown as WriterPort;
}
