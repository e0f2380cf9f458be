import fs from 'node:fs';
import path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { PendingColumns } from './columns';
import type { PurgeJob } from './purge';
import { newWriteTurn, resetTurn, type WriteTurn } from '../../db/writeTurn';
import type { NewFeedEvent } from './repo';
import type { Count, SourceMark } from './writes';

/** What the writer thread is started with (besides its port). */
export type WriterData = {
  file: string;
  nativeBinding?: string;
  state: Int32Array;
  /** Whose turn it is to write: this thread's or the host's (see db/writeTurn.ts). */
  turn: WriteTurn;
  /** Tests only: exit right after committing this many batches, before answering the last. */
  exitAfterCommits?: number;
};
/**
 * A batch for the thread: its id (recorded with it: a batch stored already is skipped), events to
 * redact, group and store, counters to add, and how many stored events of each tenant to send
 * back for the live view (see pickLive).
 */
export type WriterBatch = {
  seq: number;
  id: string;
  /** The events to store, a column per field (see columns.ts). */
  pending: PendingColumns;
  counts: Count[];
  marks: SourceMark[];
  live: number;
};
export type ToWriter = WriterBatch | { purge: PurgeJob } | { close: true };
/**
 * A stored batch: every new id, in order, and the events for the live view as stored (redacted),
 * with their places in the batch and how many of each tenant's were left out; or a batch found
 * stored already (sent again), or one that failed (code: SQLite's, such as SQLITE_FULL).
 */
export type WriteAnswer =
  | { seq: number; ids: number[]; live: number[]; events: NewFeedEvent[]; thinned: Thinned }
  | { seq: number; storedBefore: true }
  | { seq: number; error: string; code?: string };
export type Thinned = Record<string, number>;
/** A purge's end: how many events went, or why it stopped (what went before that stays gone). */
export type PurgeAnswer = { purged: number } | { purgeFailed: string };
export type FromWriter = WriteAnswer | PurgeAnswer | { fatal: string } | { closed: true };

/** Slots of the shared state: bumped on every answer (what a blocked flush waits on), flags. */
export const STATE_GENERATION = 0;
export const STATE_FATAL = 1;
export const STATE_CLOSED = 2;
export const STATE_READY = 3;
const STATE_SLOTS = 4;

/** A thread that has not opened the store by then is taken for dead (it reports failures itself). */
const START_TIMEOUT_MS = 10_000;

export const WRITER_BUNDLE = 'feed-writer.cjs';

/**
 * The writer thread's script, built next to the host bundle (dist/electron/feed-writer.cjs). Run
 * from sources (unit tests) there is none, and writes stay on the host thread.
 * ENSEMBLE_FEED_WRITER=inline keeps them there too.
 */
export function bundledWriterScript(): string | null {
  if (process.env.ENSEMBLE_FEED_WRITER === 'inline') return null;
  if (typeof __dirname !== 'string') return null;
  const script = path.join(__dirname, WRITER_BUNDLE);
  return fs.existsSync(script) ? script : null;
}

export type WriterThreadOptions = {
  script: string;
  /** The database file; the thread opens its own connection to it. */
  file: string;
  nativeBinding?: string;
  exitAfterCommits?: number;
  /** Each batch's answer, in the order sent: from the event loop, or inside waitAll(). */
  onAnswer: (answer: WriteAnswer) => void;
  /** The thread cannot write at all (failed to start, died): batches without answer never get one. */
  onFailure: (error: Error) => void;
};

/**
 * Redacts and writes batches on a worker thread, so redaction and storing (SQLite and its
 * full-text index, most of the cost of ingest) never hold up the thread that answers the API.
 */
export function startWriterThread(options: WriterThreadOptions) {
  const state = new Int32Array(new SharedArrayBuffer(STATE_SLOTS * Int32Array.BYTES_PER_ELEMENT));
  const started = Date.now();
  const { port1: port, port2 } = new MessageChannel();
  const turn = newWriteTurn();
  const data: WriterData & { port: typeof port2 } = {
    file: options.file,
    nativeBinding: options.nativeBinding,
    state,
    turn,
    exitAfterCommits: options.exitAfterCommits,
    port: port2,
  };
  const worker = new Worker(options.script, { workerData: data, transferList: [port2] });
  let pending = 0;
  let failed = false;
  let closing = false;
  /** The purge under way, if any: one at a time. */
  let purging: { resolve: (n: number) => void; reject: (e: Error) => void } | null = null;

  function fail(error: Error) {
    if (failed) return;
    failed = true;
    pending = 0;
    purging?.reject(error);
    purging = null;
    resetTurn(turn); // should it have died in its turn
    port.close();
    void worker.terminate();
    options.onFailure(error);
  }

  function receive(message: FromWriter) {
    if (failed) return;
    if ('fatal' in message)
      return fail(new Error(`The feed writer could not start: ${message.fatal}`));
    if ('closed' in message) return;
    if ('purged' in message || 'purgeFailed' in message) {
      const done = purging;
      purging = null;
      if (pending === 0) port.unref();
      if ('purged' in message) done?.resolve(message.purged);
      else done?.reject(new Error(message.purgeFailed));
      return;
    }
    pending--;
    if (pending === 0 && !purging) port.unref(); // nothing outstanding: the thread keeps nothing alive
    options.onAnswer(message);
  }

  port.on('message', receive);
  port.unref();
  worker.unref();
  worker.on('error', (error) => fail(error instanceof Error ? error : new Error(String(error))));
  worker.on('exit', (code) => {
    if (!closing) fail(new Error(`The feed writer stopped (exit code ${code})`));
  });

  /** Take every answer already there; false once the thread has failed. */
  function drain(): boolean {
    for (;;) {
      if (failed) return false;
      const got = receiveMessageOnPort(port);
      if (!got) return true;
      receive(got.message as FromWriter);
    }
  }

  /**
   * Blocks this thread until every batch sent so far is answered (answers go to onAnswer before
   * it returns) or the thread fails (onFailure). The writer needs nothing from this thread.
   */
  function waitAll(timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const generation = Atomics.load(state, STATE_GENERATION);
      if (!drain() || pending === 0) return;
      if (Atomics.load(state, STATE_FATAL) === 1) {
        drain();
        return fail(new Error('The feed writer stopped'));
      }
      if (Atomics.load(state, STATE_READY) === 0 && Date.now() - started > START_TIMEOUT_MS)
        return fail(new Error('The feed writer did not start'));
      if (Date.now() > deadline) return fail(new Error('The feed writer stopped answering'));
      Atomics.wait(state, STATE_GENERATION, generation, 100);
    }
  }

  return {
    get failed() {
      return failed;
    },
    /** The write turn the host's connection shares with this thread (see db/writeTurn.ts). */
    turn,
    /** Batches sent and not answered yet. */
    get pending() {
      return pending;
    },
    send(batch: WriterBatch) {
      if (failed) throw new Error('The feed writer has failed');
      pending++;
      port.ref(); // keep the host alive until the answer is in
      port.postMessage(batch satisfies ToWriter);
    },
    /**
     * Retention on the writer's connection, a transaction at a time between the batches that
     * arrive meanwhile (see purge.ts); how many events went. One at a time.
     */
    purge(job: PurgeJob): Promise<number> {
      if (failed) return Promise.reject(new Error('The feed writer has failed'));
      if (purging) return Promise.reject(new Error('A purge is already under way'));
      return new Promise<number>((resolve, reject) => {
        purging = { resolve, reject };
        port.ref();
        port.postMessage({ purge: job } satisfies ToWriter);
      });
    },
    waitAll,
    /** Finish what was sent, close the thread's connection and let it end. */
    close() {
      if (failed || closing) return;
      waitAll();
      if (failed) return;
      closing = true;
      purging?.reject(new Error('The feed store is closing'));
      purging = null;
      port.postMessage({ close: true } satisfies ToWriter);
      const deadline = Date.now() + 5_000;
      while (Atomics.load(state, STATE_CLOSED) === 0) {
        if (Date.now() > deadline) break;
        Atomics.wait(state, STATE_GENERATION, Atomics.load(state, STATE_GENERATION), 100);
      }
      port.close();
      void worker.terminate();
    },
  };
}
export type WriterThread = ReturnType<typeof startWriterThread>;
