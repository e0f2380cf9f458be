import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';

/** The file the lock is taken on, and the note saying who holds it. */
export const LOCK_FILENAME = 'ensemble.lock';
export const HOLDER_FILENAME = 'ensemble.lock.json';

export type LockHolder = { pid: number; mode: string; since: string };

export class DataFolderInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder | null,
  ) {
    const who = holder
      ? `process ${holder.pid} (${describeMode(holder.mode)}, running since ${holder.since})`
      : 'another Ensemble process';
    super(
      `The data folder ${dataDir} is in use by ${who}. Only one Ensemble may use a data folder ` +
        `at a time: switch to the one already running, stop it first, or use another folder ` +
        `(--data-dir).`,
    );
    this.name = 'DataFolderInUseError';
  }
}

const describeMode = (mode: string) =>
  mode === 'desktop'
    ? 'the desktop app'
    : mode === 'web'
      ? 'web mode'
      : mode === 'restore'
        ? 'a backup restore'
        : mode;

export type FolderLock = { release(): void };

/**
 * Takes the data folder for this process. The lock is an exclusive SQLite lock on a file of its
 * own (an OS file lock underneath), so the system drops it the moment its holder dies, however it
 * dies: a lock left by a dead process is simply free, and a reused pid can never keep it.
 * The note next to it only says who holds it, for the refusal.
 */
export function lockDataFolder(
  dataDir: string,
  mode: string,
  options: { nativeBinding?: string; now?: () => Date } = {},
): FolderLock {
  const file = path.join(dataDir, LOCK_FILENAME);
  const db = new Database(
    file,
    options.nativeBinding ? { nativeBinding: options.nativeBinding } : {},
  );
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY')
      throw new DataFolderInUseError(dataDir, readHolder(dataDir));
    throw error;
  }
  const holder: LockHolder = {
    pid: process.pid,
    mode,
    since: (options.now?.() ?? new Date()).toISOString(),
  };
  const note = path.join(dataDir, HOLDER_FILENAME);
  const temp = `${note}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(holder));
  fs.renameSync(temp, note);
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      try {
        if (readHolder(dataDir)?.pid === process.pid) fs.rmSync(note, { force: true });
      } finally {
        db.close(); // rolls back the empty transaction: the OS lock goes with it
      }
    },
  };
}

/** Who holds the folder, as its note says; null when there is no readable note. */
export function readHolder(dataDir: string): LockHolder | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(path.join(dataDir, HOLDER_FILENAME), 'utf8')) as {
      pid?: unknown;
      mode?: unknown;
      since?: unknown;
    };
    if (
      typeof parsed.pid !== 'number' ||
      typeof parsed.mode !== 'string' ||
      typeof parsed.since !== 'string'
    )
      return null;
    return { pid: parsed.pid, mode: parsed.mode.slice(0, 40), since: parsed.since.slice(0, 40) };
  } catch {
    return null;
  }
}
