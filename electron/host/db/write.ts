import type { Db } from './database';
import { hostTurn, type WriteTurn } from './writeTurn';

/** The turn a connection shares with a writer thread on the same file (see writeTurn.ts). */
const turns = new WeakMap<Db, WriteTurn>();

/** From now on this connection's writes take their turn with that writer thread (null: no more). */
export function shareWriteTurn(db: Db, turn: WriteTurn | null) {
  if (turn) turns.set(db, turn);
  else turns.delete(db);
}

/** SQLITE_BUSY, SQLITE_BUSY_RECOVERY, SQLITE_BUSY_SNAPSHOT, SQLITE_BUSY_TIMEOUT, SQLITE_LOCKED… */
const BUSY_CODE = /^SQLITE_(BUSY|LOCKED)(_|$)/;

/** Whether an error is SQLite saying "not now": another connection holds the lock. */
export function isBusyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && BUSY_CODE.test(code);
}

/** Attempts in all: busy_timeout already waits inside each one. */
const ATTEMPTS = 4;
const pause = new Int32Array(new SharedArrayBuffer(4));

/** 10–20 ms, then 20–40, then 40–80: jittered so that two waiting writers do not meet again. */
const backoffMs = (attempt: number) => 10 * 2 ** (attempt - 1) * (1 + Math.random());

/**
 * The host's one way to write: `fn` runs as a single transaction that takes the write lock
 * before its first statement (BEGIN IMMEDIATE). A deferred transaction that reads first and then
 * writes fails at once with SQLITE_BUSY_SNAPSHOT when the feed writer thread committed in
 * between — busy_timeout does not cover that; taking the lock up front makes it wait instead.
 * Should the lock still not come (SQLITE_BUSY/LOCKED after the busy timeout), the whole
 * transaction, rolled back, is tried again a few times after a short jittered pause.
 *
 * `fn` holds database work only (it may run more than once). Called inside another transaction
 * it becomes a savepoint of it, and the outer one retries.
 */
export function writeTransaction<T>(db: Db, fn: () => T): T {
  const transaction = db.transaction(fn);
  if (db.inTransaction) return transaction();
  const run = () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return transaction.immediate();
      } catch (error) {
        if (attempt >= ATTEMPTS || !isBusyError(error) || db.inTransaction) throw error;
        // A synchronous pause: the transaction is synchronous too, and this is tens of ms at most.
        Atomics.wait(pause, 0, 0, backoffMs(attempt));
      }
    }
  };
  const turn = turns.get(db);
  return turn ? hostTurn(turn, run) : run();
}
