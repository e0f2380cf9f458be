import { spawn } from 'node:child_process';

/**
 * Another process takes the SQLite file's write lock, writes "locked" on its stdout, holds the
 * lock for `ms`, then commits and exits: a writer of this process waits for it meanwhile.
 */
const holdWriteLock = (file: string, ms: number) =>
  spawn(
    process.execPath,
    [
      '-e',
      `const D = require('better-sqlite3'); const db = new D(process.argv[1]);
       db.exec('BEGIN IMMEDIATE'); process.stdout.write('locked\\n');
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${ms}); db.exec('COMMIT');`,
      file,
    ],
    { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
  );

/** Once the other process holds the lock; and its exit, to await at the end of a test. */
export async function lockHeld(file: string, ms: number) {
  const holder = holdWriteLock(file, ms);
  const exited = new Promise((resolve) => holder.once('exit', resolve));
  await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
  return { exited };
}
