import type { OutboxEntry } from './db';

/**
 * Performance marks (User Timing) of each op's way out, for benchmarks (scripts/bench-ui.ts)
 * and the browser's performance panel; detail is the op's id and kind.
 */
/** Written to this device's journal (localStorage), in the key press's task: a reload keeps it. */
export const MARK_KEPT = 'ensemble.outbox.kept';
export const MARK_SENT = 'ensemble.outbox.sent';
export const MARK_DURABLE = 'ensemble.outbox.durable';
export const MARK_ACKNOWLEDGED = 'ensemble.outbox.acknowledged';
const NAMES = [MARK_KEPT, MARK_SENT, MARK_DURABLE, MARK_ACKNOWLEDGED];

let made = 0;

/**
 * An epoch time (ms) another thread reported, on this page's clock; never later than now.
 * Undefined where there is none: the mark is then made now.
 */
export function atOrNow(epochMs: number | void | undefined): number | undefined {
  if (typeof epochMs !== 'number' || typeof performance === 'undefined') return undefined;
  return Math.min(performance.now(), epochMs - performance.timeOrigin);
}

/** `startTime`: when it happened, on this page's clock, if not now (a worker's commit). */
export function markOp(name: string, entry: OutboxEntry, startTime?: number): void {
  if (typeof performance === 'undefined' || typeof performance.mark !== 'function') return;
  const detail = { opId: entry.opId, kind: entry.op.kind };
  performance.mark(name, startTime === undefined ? { detail } : { detail, startTime });
  // Observers are handed each mark as it is made; the page's own list of them stays short.
  if (++made % 300 === 0) for (const n of NAMES) performance.clearMarks(n);
}
