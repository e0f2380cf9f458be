/**
 * The feed writer's thread: its own connection to the store (WAL lets the host's connection read
 * and write beside it), redacting and writing the batches the pipeline sends, in order, and
 * answering each with the events as stored and their new ids. Bundled on its own (dist/…/feed-writer.cjs, see scripts/build-host.mjs).
 * Plain Node like the rest of the host core.
 */
import type Database from 'better-sqlite3';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { runBackupJob, type BackupJob } from '../../db/backupJob';
import { PAGE_CACHE_KIB, pageCachePragma } from '../../db/pageCache';
import { createPreparer, pickLive } from './prepare';
import { createPurger, type PurgeJob } from './purge';
import { writerTurn } from '../../db/writeTurn';
import { createFeedWrites } from './writes';
import {
  STATE_CLOSED,
  STATE_FATAL,
  STATE_GENERATION,
  STATE_READY,
  type FromWriter,
  type ToWriter,
  type WriterData,
} from './writer';

const { file, nativeBinding, port, state, turn, exitAfterCommits } = workerData as WriterData & {
  port: MessagePort;
};
let commits = 0;

/** Answer on the port first, then wake a host thread waiting in flush(): it reads the port next. */
function answer(message: FromWriter, flag?: number) {
  port.postMessage(message);
  if (flag !== undefined) Atomics.store(state, flag, 1);
  Atomics.add(state, STATE_GENERATION, 1);
  Atomics.notify(state, STATE_GENERATION);
}

/**
 * What can fail at start (the native module, the file) is loaded in here, so that the host hears
 * of it through the shared state even while it is blocked in flush().
 */
const IDLE_MERGE_MS = 1000;
const CHECKPOINT_MS = 1000;

function start() {
  let db: Database.Database;
  let writes: ReturnType<typeof createFeedWrites>;
  const prepare = createPreparer();
  try {
    // Not a top-level import: that would fail before anything could report it. This file only
    // ever runs bundled as CommonJS (scripts/build-host.mjs), where require is there.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Sqlite = require('better-sqlite3') as typeof Database;
    db = new Sqlite(file, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.pragma(pageCachePragma(PAGE_CACHE_KIB.writer));
    // Checkpoints are this thread's, on a timer, outside any write turn (see below): SQLite's
    // automatic one runs inside whichever commit crosses 1,000 pages, a note's too.
    db.pragma('wal_autocheckpoint = 0');
    writes = createFeedWrites(db);
    Atomics.store(state, STATE_READY, 1);
  } catch (error) {
    answer({ fatal: String((error as Error)?.message ?? error) }, STATE_FATAL);
    port.close();
    return;
  }

  // The full-text index merges its segments here, once no batch has come for a moment, a
  // bounded step at a time: a batch that arrives waits at most one step.
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  const mergeWhenIdle = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(function step() {
      try {
        if (writerTurn(turn, () => writes.mergeStep())) idleTimer = setTimeout(step, 0);
      } catch {
        // busy or closing: the next idle moment tries again
      }
    }, IDLE_MERGE_MS);
  };

  // The journal is copied into the database once a second, passively: it waits for no reader or
  // writer, and holds no write turn, so neither the host's writes nor this thread's wait on it.
  const checkpoints = setInterval(() => {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // busy or closing: the next second tries again
    }
  }, CHECKPOINT_MS);

  // Retention: a transaction at a time, each step queued behind the batches that arrived meanwhile
  // (setImmediate comes after the port's messages), so that a long purge never holds ingest up.
  const purger = createPurger(db);
  let closed = false;
  function purge(job: PurgeJob) {
    const steps = purger.steps(job);
    let total = 0;
    const step = () => {
      if (closed) return;
      let next: IteratorResult<number, void>;
      try {
        next = writerTurn(turn, () => steps.next());
      } catch (error) {
        answer({ purgeFailed: String((error as Error)?.message ?? error) });
        return;
      }
      if (next.done) {
        answer({ purged: total });
        return mergeWhenIdle();
      }
      total += next.value;
      setImmediate(step);
    };
    step();
  }

  port.on('message', (message: ToWriter) => {
    clearTimeout(idleTimer);
    if ('purge' in message) return purge(message.purge);
    if ('close' in message) {
      closed = true;
      clearInterval(checkpoints);
      db.close();
      answer({ closed: true }, STATE_CLOSED);
      port.close();
      return;
    }
    let reply: FromWriter;
    try {
      const { events, rows, counts } = prepare(message.pending, message.counts);
      const ids = writerTurn(turn, () => writes.writeRows(rows, counts, message.id, message.marks));
      // A test stands in for a crash between commit and answer (the host resends the batch).
      if (++commits === exitAfterCommits) process.exit(1);
      if (!ids) reply = { seq: message.seq, storedBefore: true };
      else {
        const live = pickLive(
          events.map((e) => e.tenant),
          message.live,
        );
        reply = {
          seq: message.seq,
          ids,
          live: live.indexes,
          events: live.indexes.map((i) => events[i]!),
          thinned: live.thinned,
        };
      }
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      reply = {
        seq: message.seq,
        error: String((error as Error)?.message ?? error),
        ...(typeof code === 'string' ? { code } : {}),
      };
    }
    answer(reply);
    mergeWhenIdle();
  });
}

// The same bundle makes backups on a thread of their own (see db/backupJob.ts).
if ((workerData as Partial<BackupJob>).job === 'backup')
  runBackupJob(
    workerData as BackupJob,
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('better-sqlite3') as typeof Database,
    (message) => parentPort!.postMessage(message),
  );
else start();
