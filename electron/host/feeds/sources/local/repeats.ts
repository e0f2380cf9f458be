/** cyrb53: a fast 53-bit string hash; collisions among a few hundred thousand lines are negligible. */
function hash53(s: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * Recognises the lines a restarted command prints again (`kubectl logs --since=1h` run anew, a
 * script that reprints its file): for each distinct line it remembers how often one run printed
 * it, and in a later run the first that many copies are repeats. Identical lines printed more
 * often than before (a heartbeat without a timestamp) are new, so nothing genuinely new is lost.
 *
 * Memory is bounded: the `max` most recently first-seen lines are remembered. Of lines older than
 * that, those that carry their own time are recognised by it (not newer than the newest time
 * forgotten); a forgotten line without a time would be stored again.
 */
export function createRepeatFilter(max = 200_000) {
  /** hash → most copies printed by any one run (insertion order: oldest first). */
  const known = new Map<number, number>();
  /** hash → copies printed by the current run. */
  let current = new Map<number, number>();
  /** hash → the line's own time, for lines that carry one. */
  const times = new Map<number, number>();
  let horizon = -Infinity;
  let restarted = false;

  return {
    /** A new run of the command begins (before its first run: nothing to do). */
    restart() {
      if (known.size === 0) return;
      current = new Map();
      restarted = true;
    },
    /** Whether this line is a repeat of an earlier run's; `time` null when it carries none. */
    seen(line: string, time: number | null): boolean {
      const h = hash53(line);
      const before = known.get(h) ?? 0;
      // In the first run every line is new; `known` counts its copies.
      let count = before + 1;
      if (restarted) {
        count = (current.get(h) ?? 0) + 1;
        current.set(h, count);
        if (current.size > max) current.delete(current.keys().next().value as number);
      }
      if (count <= before) return true;
      if (before === 0 && restarted && time !== null && time <= horizon) return true;
      known.set(h, count);
      if (known.size > max) {
        // Forget the oldest; its time (if it had one) moves the horizon.
        const oldest = known.keys().next().value as number;
        known.delete(oldest);
        const t = times.get(oldest);
        if (t !== undefined && t > horizon) horizon = t;
        times.delete(oldest);
      }
      if (time !== null && before === 0) times.set(h, time);
      return false;
    },
  };
}
