/**
 * The session clock, derived only from recorded start / pause / resume / end events, so it
 * survives any restart: nothing counts in memory.
 */
type ClockEvent = { type: string; at: number };
export type Interval = { start: number; end: number | null };

export type ClockStatus = 'draft' | 'running' | 'paused' | 'ended';

/** The stretches of time the session was running (end null = still running). */
export function runningIntervals(events: readonly ClockEvent[]): Interval[] {
  const intervals: Interval[] = [];
  let open: Interval | null = null;
  for (const e of events) {
    if ((e.type === 'session.started' || e.type === 'session.resumed') && !open) {
      open = { start: e.at, end: null };
      intervals.push(open);
    } else if ((e.type === 'session.paused' || e.type === 'session.ended') && open) {
      open.end = e.at;
      open = null;
    }
  }
  return intervals;
}

export function clockStatus(events: readonly ClockEvent[]): ClockStatus {
  let status: ClockStatus = 'draft';
  for (const e of events) {
    if (e.type === 'session.started' || e.type === 'session.resumed') status = 'running';
    else if (e.type === 'session.paused') status = 'paused';
    else if (e.type === 'session.ended') return 'ended';
  }
  return status;
}

/** When the session started and ended (host time), or null: the first such event counts. */
export function sessionBounds(events: readonly ClockEvent[]): {
  startedAt: number | null;
  endedAt: number | null;
} {
  return {
    startedAt: events.find((e) => e.type === 'session.started')?.at ?? null,
    endedAt: events.find((e) => e.type === 'session.ended')?.at ?? null,
  };
}

/** Active (running) milliseconds up to time t. */
export function elapsedAt(intervals: readonly Interval[], t: number): number {
  let total = 0;
  for (const { start, end } of intervals) {
    if (t <= start) break;
    total += Math.min(end ?? t, t) - start;
  }
  return total;
}

/**
 * The moment the active time reaches `elapsed`, if it does: within a past running stretch,
 * or in the future of the open one. Null if the clock is stopped short of it.
 */
export function momentOfElapsed(intervals: readonly Interval[], elapsed: number): number | null {
  let before = 0;
  for (const { start, end } of intervals) {
    const length = end === null ? Infinity : end - start;
    if (elapsed <= before + length) return start + (elapsed - before);
    before += length;
  }
  return null;
}
