import type Database from 'better-sqlite3';
import { Worker } from 'node:worker_threads';
import { PAGE_CACHE_KIB, pageCachePragma } from './pageCache';

/** What a backup worker is started with (see writerThread.ts, which runs it). */
export type BackupJob = { job: 'backup'; file: string; target: string; nativeBinding?: string };
type BackupJobAnswer = { done: true } | { error: string; code?: string };

/** Copies the store at `target` (a new file) with SQLite's online backup API. */
export type CopyStore = (target: string) => Promise<void>;

/**
 * In one step, on whatever thread calls it (one read transaction: writes meanwhile neither restart
 * it nor make it inconsistent; the copy blocks that thread while it runs).
 */
export const copyOnThisThread =
  (db: Database.Database): CopyStore =>
  async (target) => {
    await db.backup(target, { progress: () => 0x7fffffff });
  };

/**
 * On a worker thread of its own, through its own read-only connection: the thread that answers
 * the API keeps answering while a large store is copied. `script` is the feed writer's bundle,
 * which runs a backup job when started with one (see runBackupJob).
 */
export const copyOnWorker =
  (script: string, file: string, nativeBinding?: string): CopyStore =>
  (target) =>
    new Promise<void>((resolve, reject) => {
      const job: BackupJob = { job: 'backup', file, target, nativeBinding };
      const worker = new Worker(script, { workerData: job });
      let answered = false;
      worker.once('message', (answer: BackupJobAnswer) => {
        answered = true;
        if ('done' in answer) resolve();
        else
          reject(Object.assign(new Error(answer.error), answer.code ? { code: answer.code } : {}));
      });
      worker.once('error', (error) => {
        answered = true;
        reject(error);
      });
      worker.once('exit', (code) => {
        if (!answered) reject(new Error(`The backup thread stopped (exit code ${code})`));
      });
    });

/** The worker's side: opens the store read-only, copies it, answers once and ends. */
export function runBackupJob(
  job: BackupJob,
  Sqlite: typeof Database,
  answer: (message: BackupJobAnswer) => void,
) {
  let db: Database.Database | null = null;
  const fail = (error: unknown) => {
    db?.close();
    const code = (error as { code?: unknown } | null)?.code;
    answer({
      error: String((error as Error)?.message ?? error),
      ...(typeof code === 'string' ? { code } : {}),
    });
  };
  try {
    db = new Sqlite(job.file, {
      readonly: true,
      fileMustExist: true,
      ...(job.nativeBinding ? { nativeBinding: job.nativeBinding } : {}),
    });
    db.pragma(pageCachePragma(PAGE_CACHE_KIB.backup)); // each page is read once
    const open = db;
    copyOnThisThread(open)(job.target).then(() => {
      open.close();
      answer({ done: true });
    }, fail);
  } catch (error) {
    fail(error);
  }
}
