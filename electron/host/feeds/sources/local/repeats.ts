/** cyrb53: a fast 53-bit string hash; collisions among a few hundred thousand lines are negligible. */
function hash53(s: string): number {
  let h1 = 0xdeadbeef ^ s.length;
  let h2 = 0x41c6ce57;
  // Two UTF-16 units per step: half the multiplications of one per unit.
  for (let i = 0; i < s.length; i += 2) {
    const c = s.charCodeAt(i) | ((s.charCodeAt(i + 1) | 0) << 16);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * Recognises the lines a restarted command prints again (`kubectl logs --since=1h` run anew, a
 * script that reprints its file): in a later run, a line is a repeat while it has been printed
 * no more often in this run than it was stored before. Identical lines printed more often than
 * before (a heartbeat without a timestamp) are new, so nothing genuinely new is lost.
 *
 * The first run only writes each new line's hash and time into a ring of the last `max` lines
 * (two typed arrays: no per-line allocation); the counts are built from the ring when the command
 * is run again. Of lines older than the ring, those that carry their own time are recognised by
 * it (not newer than the newest time forgotten); a forgotten line without a time would be stored
 * again.
 */
export function createRepeatFilter(max = 500_000) {
  const hashes = new Float64Array(max);
  const times = new Float64Array(max);
  let next = 0;
  let filled = 0;
  let horizon = -Infinity;
  /** Built at a restart: hash → copies remembered; null during the first run. */
  let known: Map<number, number> | null = null;
  /** hash → copies printed by the current run (after a restart). */
  let current = new Map<number, number>();

  const remember = (h: number, time: number | null) => {
    if (filled === max) {
      const forgotten = times[next]!;
      if (forgotten > horizon) horizon = forgotten; // NaN (no time) never moves it
    } else filled++;
    hashes[next] = h;
    times[next] = time ?? NaN;
    next = (next + 1) % max;
  };

  return {
    /** A new run of the command begins (before its first run: nothing to do). */
    restart() {
      if (filled === 0) return;
      known = new Map();
      for (let i = 0; i < filled; i++) known.set(hashes[i]!, (known.get(hashes[i]!) ?? 0) + 1);
      current = new Map();
    },
    /** Whether this line is a repeat of an earlier run's; `time` null when it carries none. */
    seen(line: string, time: number | null): boolean {
      const h = hash53(line);
      if (known) {
        const count = (current.get(h) ?? 0) + 1;
        if (current.size >= max) current = new Map(); // long past the overlap: bound the memory
        current.set(h, count);
        const before = known.get(h) ?? 0;
        if (count <= before) return true;
        if (before === 0 && time !== null && time <= horizon) return true;
      }
      remember(h, time);
      return false;
    },
  };
}
