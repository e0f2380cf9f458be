import path from 'node:path';
import type { FeedEvent, FeedSettings, RawFeedEvent } from '../../../../shared/domain/feeds';
import type { Db } from '../../db/database';
import {
  storageFailureOf,
  storageFailureOfCode,
  type StorageFailure,
} from '../../db/storageErrors';
import { createBatchQueue, type Batch, type Ticket } from './batchQueue';
import { clipEvent, ORIGINAL_TIME_ATTRIBUTE, saneTime } from './limits';
import { controlKinds } from './control';
import { createPreparer, pickLive } from './prepare';
import { createPurger, type PurgeJob } from './purge';
import { shareWriteTurn } from '../../db/write';
import { createFeedRepo, type FeedRepo } from './repo';
import type { SourceMark } from './writes';
import {
  bundledWriterScript,
  startWriterThread,
  type Thinned,
  type WriteAnswer,
  type WriterThread,
} from './writer';

/** A tenant some session is watching, with how to recognise it and what to redact. */
export type Watch = { tenantId: string; settings: FeedSettings };

export class OverloadedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('Ensemble is busy storing events; retry shortly');
  }
}

/** The store is closing: the event is refused (receivers answer 503), never queued. */
export class StoppedError extends OverloadedError {
  constructor() {
    super(5);
    this.message = 'Ensemble is stopping; retry shortly';
  }
}

/**
 * The events of an ingest could not be stored (nothing of them was): the sender should retry.
 * failure says why when the disk is the cause (full, or not writable).
 */
export class StoreFailedError extends Error {
  constructor(
    readonly failure: StorageFailure | null,
    detail: string,
  ) {
    super(`Storing feed events failed: ${detail}`);
  }
}

export type IngestResult = { accepted: number; dropped: number };
export type PipelineOptions = {
  db: Db;
  /** The host's feeds repository on `db`; by default one is prepared here. */
  repo?: FeedRepo;
  now: () => number;
  watches: () => Watch[];
  /**
   * Called after each stored batch, for the live view: the last liveLimit stored events of each
   * tenant in the batch, in order, and how many of each tenant's were left out.
   */
  onStored: (events: FeedEvent[], thinned: Thinned) => void;
  /** Stored events of a tenant per batch handed to onStored; by default all. */
  liveLimit?: number;
  batchMs?: number;
  maxBatch?: number;
  /** Events waiting to be written before receivers are told to back off. */
  maxQueue?: number;
  /**
   * Where batches are written: a writer thread running this script with its own connection, or
   * null for this thread. By default the script built next to the host bundle when there is one
   * (and the store is a file); see bundledWriterScript().
   */
  writerScript?: string | null;
  /** better-sqlite3's native binding for the writer thread (the desktop shell's own build). */
  nativeBinding?: string;
  /** Tests only: the writer thread exits right after committing this many batches, unanswered. */
  writerExitAfterCommits?: number;
  log?: (message: string, error?: unknown) => void;
};

/** SQLite's default: a commit that takes the journal past this many pages checkpoints it. */
const AUTO_CHECKPOINT_PAGES = 1000;

/** A query waiting for the writer to store batches up to seq; error: one of them failed. */
type Catcher = { seq: number; error: Error | null; done: (error: Error | null) => void };

/**
 * One pipeline for every source: the tenant filter first (other tenants are only counted),
 * then redaction, then batched storage with full-text indexing. Ingest never writes on the
 * caller's path; a full queue makes receivers answer "retry later" instead of dropping.
 *
 * Storing runs on a writer thread when there is one: batches go to it as soon as they are full
 * (or batchMs after the first event), and flush() waits for it, so once flush() returns
 * everything received is stored and searchable through the host's own connection.
 */
export function createFeedPipeline(options: PipelineOptions) {
  const log =
    options.log ?? ((m: string, e?: unknown) => console.error(`[ensemble] ${m}`, e ?? ''));
  // FTS5 writes an index segment per commit: fewer, larger batches cost far less than many small ones,
  // and a quarter second still puts an error on screen well within two seconds.
  const batchMs = options.batchMs ?? 250;
  const maxBatch = options.maxBatch ?? 5000;
  const maxQueue = options.maxQueue ?? 100_000;
  const liveLimit = options.liveLimit ?? Infinity;
  /** Events of watched tenants waiting for a batch; redacted and given ids when stored. */
  const batches = createBatchQueue(maxBatch);
  /** Batches with the writer thread, oldest first. */
  const inFlight: Batch[] = [];
  let inFlightEvents = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** Redaction on this thread, when there is no writer thread to do it. */
  const prepare = createPreparer();
  const idle: Array<() => void> = [];
  /** Readers paused on a full queue, woken once half of it is free again (see room()). */
  const roomWaiters: Array<() => void> = [];
  const queued = () => batches.events() + inFlightEvents;
  const hasRoom = () => queued() <= maxQueue / 2;
  /** A batch the writer could not store: it went back to the queue; flush() reports it. */
  let writeError: Error | null = null;
  /** After stop() nothing more is taken: the store is about to close. */
  let stopped = false;
  /** Retention on this thread, when there is no writer thread (prepared at the first purge). */
  let purger: ReturnType<typeof createPurger> | null = null;
  /** Queries waiting, without blocking this thread, for the batches up to seq (see caughtUp()). */
  const catchers: Catcher[] = [];

  // Prepared on this thread in any case (by the host, or here): a broken schema shows at start.
  const repo = options.repo ?? createFeedRepo(options.db);
  const script = options.writerScript !== undefined ? options.writerScript : bundledWriterScript();
  /** Whether to write on a writer thread; false for good once one failed. */
  let useThread = !!script && !options.db.memory;
  let thread: WriterThread | null = null;

  /** The writer thread, started with the first batch; null: write on this thread. */
  function writerThread(): WriterThread | null {
    if (thread || !useThread) return thread;
    try {
      thread = startWriterThread({
        script: script!,
        file: path.resolve(options.db.name),
        nativeBinding: options.nativeBinding,
        exitAfterCommits: options.writerExitAfterCommits,
        onAnswer: answered,
        onFailure: (error) => {
          log('feed writer thread failed; storing on the main thread', error);
          useThread = false;
          thread = null;
          shareWriteTurn(options.db, null);
          options.db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
          // Nothing sent is lost: unanswered batches go back in front of the queue, with their
          // ids, so one the thread committed before it died is not stored again.
          batches.resend(inFlight.splice(0));
          inFlightEvents = 0;
          schedule(0);
          // Who waited for the thread is answered from this one, once the batches are stored here.
          const waiting = catchers.splice(0);
          if (waiting.length > 0)
            setImmediate(() => {
              let error: Error | null = null;
              try {
                flush();
              } catch (e) {
                error = e as Error;
              }
              for (const c of waiting) c.done(error);
            });
        },
      });
      // The host's own writes take turns with it (see db/writeTurn.ts), and it checkpoints for
      // both: a note's commit no longer pays for copying the journal into the database.
      shareWriteTurn(options.db, thread.turn);
      options.db.pragma('wal_autocheckpoint = 0');
    } catch (error) {
      log('feed writer thread not started; storing on the main thread', error);
      useThread = false;
    }
    return thread;
  }

  function tenantOf(e: RawFeedEvent, watches: Watch[]): Watch | undefined {
    for (const w of watches) {
      const tagged =
        e.source === 'sentry' ? e.attributes[`tag:${w.settings.sentryTenantTag}`] : undefined;
      if (String(tagged ?? e.attributes[w.settings.tenantKey] ?? '') === w.tenantId) return w;
    }
    return undefined;
  }

  /** A batch's answer from the writer thread: ids to the events and on to the live view. */
  function answered(answer: WriteAnswer) {
    const batch = inFlight.shift();
    if (!batch || batch.seq !== answer.seq) throw new Error('Feed writer answers out of order');
    inFlightEvents -= batch.pending.length;
    if ('error' in answer) {
      const code = answer.code ? storageFailureOfCode(answer.code) : null;
      const error = new StoreFailedError(code, answer.error);
      notStored(batch, error);
      caught(batch.seq, error);
      return;
    }
    batches.stored(batch);
    if ('ids' in answer) {
      const { ids, live } = answer;
      const events = answer.events.map((e, k): FeedEvent => ({ ...e, id: ids[live[k]!]! }));
      if (events.length > 0) options.onStored(events, answer.thinned);
    }
    commitSoon();
    settle();
    caught(batch.seq, null);
  }

  /** Answer the queries waiting for batches up to seq; a failed batch fails those that wait for it. */
  function caught(seq: number, error: Error | null) {
    for (let i = 0; i < catchers.length;) {
      const c = catchers[i]!;
      if (error && !c.error) c.error = error;
      if (c.seq > seq) {
        i++;
        continue;
      }
      catchers.splice(i, 1);
      c.done(c.error);
    }
  }

  /**
   * Resolves once everything received before the call is stored and searchable through the host's
   * connection, as flush() does, but waits on the event loop instead of blocking this thread: the
   * thread that answers the API goes on answering (a note is not held behind a commit of the feed).
   */
  function caughtUp(timeoutMs = 60_000): Promise<void> {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    if (useThread) dispatch(true);
    if (!thread || batches.hasWork()) {
      // No thread (a memory store, tests, or it failed): storing is done here, as before.
      try {
        flush();
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(error as Error);
      }
    }
    const last = inFlight.at(-1);
    if (!last) {
      settle(); // the timer it cleared may have been what a drained() caller waited for
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(() => {
        const i = catchers.indexOf(catcher);
        if (i >= 0) catchers.splice(i, 1);
        reject(new Error('The feed writer stopped answering'));
      }, timeoutMs);
      deadline.unref();
      const catcher: Catcher = {
        seq: last.seq,
        error: null,
        done: (error) => {
          clearTimeout(deadline);
          if (error) reject(error);
          else resolve();
        },
      };
      catchers.push(catcher);
    });
  }

  /** A batch was not stored: waiting senders are refused, the rest is tried again in a second. */
  function notStored(batch: Batch, error: StoreFailedError) {
    writeError = error;
    log('storing feed events failed; retrying', error.message);
    batches.failed(batch, error);
    schedule(1000);
    if (roomWaiters.length > 0 && hasRoom()) roomWaiters.splice(0).forEach((resolve) => resolve());
  }

  /**
   * Group commit: someone waits for queued events and no batch is being written, so write them
   * now; while one is being written, later ones gather and share the next commit.
   */
  function commitSoon() {
    if (!batches.waiting() || inFlight.length > 0 || stopped) return;
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    schedule(0);
  }

  /** Hand full batches (or, with all, everything) to the writer thread. */
  function dispatch(all: boolean) {
    while (batches.ready() || (all && batches.hasWork())) {
      const thread = writerThread();
      if (!thread) return;
      const batch = batches.take();
      inFlight.push(batch);
      inFlightEvents += batch.pending.length;
      thread.send({
        seq: batch.seq,
        id: batch.id,
        pending: batch.pending,
        counts: batch.counts,
        marks: batch.marks,
        live: liveLimit,
      });
    }
  }

  function writeInline() {
    while (batches.hasWork()) {
      const batch = batches.take();
      let events: FeedEvent[] = [];
      let thinned: Thinned = {};
      try {
        const prepared = prepare(batch.pending, batch.counts);
        const ids = repo.writeRows(prepared.rows, prepared.counts, batch.id, batch.marks);
        if (ids) {
          const live = pickLive(
            prepared.events.map((e) => e.tenant),
            liveLimit,
          );
          events = live.indexes.map((i) => ({ ...prepared.events[i]!, id: ids[i]! }));
          thinned = live.thinned;
        }
      } catch (error) {
        const detail = String((error as Error)?.message ?? error);
        const failed = new StoreFailedError(storageFailureOf(error), detail);
        batches.failed(batch, failed);
        throw failed;
      }
      batches.stored(batch);
      if (events.length > 0) options.onStored(events, thinned);
    }
  }

  function settle() {
    if (roomWaiters.length > 0 && hasRoom()) roomWaiters.splice(0).forEach((resolve) => resolve());
    if (timer || batches.hasWork() || inFlight.length > 0) return;
    idle.splice(0).forEach((resolve) => resolve());
  }

  function schedule(ms: number) {
    if (!timer) timer = setTimeout(onTimer, ms);
  }

  function onTimer() {
    timer = null;
    if (useThread) dispatch(true);
    if (thread) return settle();
    try {
      writeInline();
    } catch (error) {
      log('storing feed events failed; retrying', error);
      schedule(1000);
      return;
    }
    settle();
  }

  /** Store whatever is queued now, and wait until it is (tests, queries, shutdown). */
  function flush() {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    writeError = null;
    if (useThread) dispatch(true);
    thread?.waitAll();
    // Without a thread, or when it failed just now (its batches are back in the queue).
    if (!thread) writeInline();
    const error = writeError as Error | null;
    writeError = null;
    settle();
    if (error) throw error;
  }

  /** Filter and queue one ingest's events; ticket: someone waits for their commit. */
  function take(
    source: string,
    events: readonly RawFeedEvent[],
    ticket: Ticket | null,
    mark?: SourceMark,
  ) {
    if (stopped) throw new StoppedError();
    if (queued() + events.length > maxQueue) throw new OverloadedError(1);
    const watches = options.watches();
    const receivedAt = options.now();
    let taken = 0;
    let dropped = 0;
    try {
      for (const raw of events) {
        const watch = tenantOf(raw, watches);
        if (!watch) {
          dropped++;
          // The control group: the tenants the flag is off for, as counts only (see control.ts).
          for (const kind of controlKinds(raw)) batches.count('', source, receivedAt, kind);
          continue;
        }
        // Only cheap work here (slices, a date check): redaction runs where the events are stored.
        let clipped = clipEvent(raw);
        if (!saneTime(raw.time, receivedAt)) {
          // A clock gone wrong (or a hostile sender) must not date an event out of retention.
          // (A copy: clipEvent passes an event that fits on as the sender's own object.)
          clipped = {
            over: clipped.over,
            raw: {
              ...clipped.raw,
              time: receivedAt,
              attributes: {
                ...clipped.raw.attributes,
                [ORIGINAL_TIME_ATTRIBUTE]: String(raw.time),
              },
            },
          };
        }
        batches.add(clipped, watch.tenantId, source, receivedAt, watch.settings.redaction);
        taken++;
      }
    } catch (error) {
      batches.abandon();
      throw error;
    }
    if (dropped > 0) batches.count('', source, receivedAt, 'dropped-other-tenant', dropped);
    if (ticket && taken === 0 && dropped === 0)
      ticket.resolve(); // nothing to store
    else batches.push(ticket, mark);
    if (useThread) dispatch(false);
    if (batches.hasWork()) schedule(batchMs);
    commitSoon();
    return { accepted: events.length - dropped, dropped };
  }

  return {
    /**
     * Filter and queue (redaction follows with storage). Throws OverloadedError when the writer
     * is too far behind.
     */
    ingest(source: string, events: readonly RawFeedEvent[], mark?: SourceMark): IngestResult {
      return take(source, events, null, mark);
    },
    /**
     * As ingest, and resolves once these events are committed (receivers answer then): rejects
     * with StoreFailedError when they could not be, and then nothing of them is stored or kept.
     */
    async ingestAndStore(source: string, events: readonly RawFeedEvent[]): Promise<IngestResult> {
      let ticket!: Ticket;
      const stored = new Promise<void>((resolve, reject) => {
        ticket = { resolve, reject };
      });
      const result = take(source, events, ticket);
      await stored;
      return result;
    },
    flush,
    caughtUp,
    /**
     * Retention (see purge.ts): on the writer thread when there is one, between its batches;
     * else here, at once. Resolves with how many events went.
     */
    purge(job: PurgeJob): Promise<number> {
      if (stopped) return Promise.reject(new StoppedError());
      const writer = writerThread();
      if (writer) return writer.purge(job);
      try {
        purger ??= createPurger(options.db);
        return Promise.resolve(purger.run(job));
      } catch (error) {
        return Promise.reject(error as Error);
      }
    },
    /** Resolves once everything queued so far is stored. */
    drained(): Promise<void> {
      if (!timer && !batches.hasWork() && inFlight.length === 0) return Promise.resolve();
      const done = new Promise<void>((resolve) => idle.push(resolve));
      // Someone is waiting: hand over what is queued now instead of holding it for a fuller batch.
      if (timer) {
        clearTimeout(timer);
        timer = null;
        schedule(0);
      }
      return done;
    },
    /**
     * Resolves once the queue is at most half full: a reader that met OverloadedError reads on
     * while the writer still works through the rest, instead of waiting for it to run dry.
     */
    room(): Promise<void> {
      if (hasRoom()) return Promise.resolve();
      return new Promise<void>((resolve) => roomWaiters.push(resolve));
    },
    /** Events received and not stored yet. */
    queued,
    /** Whether batches are written on a writer thread (false: on this one). */
    threaded: () => useThread,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      try {
        flush();
      } catch (error) {
        // The thread could not store the last batches (they are back in the queue): one more
        // try on this connection before the store closes, and no thread is started again.
        log('storing the last feed events on the main thread', error);
        thread?.close();
        thread = null;
        useThread = false;
        writeInline();
      } finally {
        if (timer) clearTimeout(timer);
        timer = null;
        useThread = false;
        thread?.close();
        thread = null;
        shareWriteTurn(options.db, null);
        if (options.db.open) options.db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
      }
    },
  };
}
export type FeedPipeline = ReturnType<typeof createFeedPipeline>;
