/**
 * Whose turn it is to write, between the host's thread and the feed writer's thread: two
 * connections to one SQLite file, one write lock. Without this the host waited for the lock in
 * SQLite's busy handler, which sleeps 1, 2, 5, 10, 15, 20, 25… ms between looks, so a note whose
 * write met a feed commit waited for the commit and then for the next look (up to 54 ms measured
 * with 2,000 events/s arriving), and the writer could start its next batch before the host's turn.
 *
 * Here both sides take a turn in shared memory before BEGIN: the host is woken the moment the
 * writer's transaction ends (Atomics.notify), and a writer yields while the host waits. The host
 * answers people; the writer's batches can wait a few milliseconds. SQLite's own lock stays the
 * rule underneath (another process, a backup): a turn is only ever a head start.
 */

const HOLDER = 0;
const HOST_WAITING = 1;
export const TURN_SLOTS = 2;

const FREE = 0;
const HOST = 1;
const WRITER = 2;

/** Past this, a side stops waiting for its turn and leaves it to SQLite's busy handling. */
const TURN_TIMEOUT_MS = 5000;
/** Each wait is at most this long, so a missed wake-up costs little. */
const SLICE_MS = 50;

export type WriteTurn = Int32Array;

export const newWriteTurn = (): WriteTurn =>
  new Int32Array(new SharedArrayBuffer(TURN_SLOTS * Int32Array.BYTES_PER_ELEMENT));

function release(turn: WriteTurn, side: number) {
  Atomics.compareExchange(turn, HOLDER, side, FREE);
  Atomics.notify(turn, HOLDER);
}

/** The host's side: fn runs in the host's turn (taken first, before any waiting writer). */
export function hostTurn<T>(turn: WriteTurn, fn: () => T, timeoutMs = TURN_TIMEOUT_MS): T {
  const held = takeHostTurn(turn, timeoutMs);
  try {
    return fn();
  } finally {
    if (held) release(turn, HOST);
  }
}

function takeHostTurn(turn: WriteTurn, timeoutMs: number): boolean {
  Atomics.add(turn, HOST_WAITING, 1);
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const holder = Atomics.compareExchange(turn, HOLDER, FREE, HOST);
      if (holder === FREE) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false; // SQLite decides
      Atomics.wait(turn, HOLDER, holder, Math.min(left, SLICE_MS));
    }
  } finally {
    Atomics.sub(turn, HOST_WAITING, 1);
    Atomics.notify(turn, HOST_WAITING);
  }
}

/** The writer thread's side: fn runs in its turn, taken only while the host is not waiting. */
export function writerTurn<T>(turn: WriteTurn, fn: () => T, timeoutMs = TURN_TIMEOUT_MS): T {
  let held = false;
  const deadline = Date.now() + timeoutMs;
  while (!held) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    const waiting = Atomics.load(turn, HOST_WAITING);
    if (waiting > 0) {
      Atomics.wait(turn, HOST_WAITING, waiting, Math.min(left, SLICE_MS));
      continue;
    }
    const holder = Atomics.compareExchange(turn, HOLDER, FREE, WRITER);
    if (holder === FREE) held = true;
    else Atomics.wait(turn, HOLDER, holder, Math.min(left, SLICE_MS));
  }
  try {
    return fn();
  } finally {
    if (held) release(turn, WRITER);
  }
}

/** A writer that died in its turn leaves it: the host takes it back. */
export function resetTurn(turn: WriteTurn) {
  release(turn, WRITER);
}
