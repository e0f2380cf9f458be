/**
 * A 53-bit hash of a line: FNV-1a and a polynomial hash side by side, over two UTF-16 units per
 * step (the cheapest that kept a million near-identical log lines apart). Not a defence against
 * crafted collisions; it tells a command's own lines apart.
 */
function hash53(s: string): number {
  let h1 = 0x811c9dc5 ^ s.length;
  let h2 = 7;
  const last = s.length - 1;
  let i = 0;
  for (; i < last; i += 2) {
    const c = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16);
    h1 = Math.imul(h1 ^ c, 16777619);
    h2 = (h2 * 31 + c) | 0;
  }
  if (i === last) h1 = Math.imul(h1 ^ s.charCodeAt(i), 16777619);
  return (h1 >>> 0) * 2097152 + ((h2 >>> 0) & 2097151);
}

/**
 * Recognises the lines a restarted command prints again (`kubectl logs --since=1h` run anew, a
 * script that reprints its file): in a later run, a line is a repeat while it has been printed
 * no more often in this run than it was stored before. Identical lines printed more often than
 * before (a heartbeat without a timestamp) are new, so nothing genuinely new is lost.
 *
 * The first run only writes each new line's hash and time into a ring of the last `max` lines
 * (two typed arrays: no per-line allocation, made at the first line: 8 bytes × 2 × max); the
 * counts are built from the ring when the command is run again. `release()` gives all of it back
 * once the command can never run again (its session ended). Of lines older than the ring, those that carry their own time are recognised by
 * it (not newer than the newest time forgotten); a forgotten line without a time would be stored
 * again.
 */
export function createRepeatFilter(max = 500_000) {
  let hashes = new Float64Array(0);
  let times = new Float64Array(0);
  let next = 0;
  let filled = 0;
  let horizon = -Infinity;
  /** Built at a restart: hash → copies remembered; null during the first run. */
  let known: Map<number, number> | null = null;
  /** hash → copies printed by the current run (after a restart). */
  let current = new Map<number, number>();

  const remember = (h: number, time: number | null) => {
    if (hashes.length === 0) {
      hashes = new Float64Array(max);
      times = new Float64Array(max);
    }
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
    /**
     * Lines a command stored before the host stopped (their ring is gone with it) are those
     * carrying a time not newer than `newest`: in the command's next run, they are repeats.
     */
    seed(newest: number) {
      if (newest > horizon) horizon = newest;
      known ??= new Map();
    },
    /** Forget every line (the ring, the counts and the horizon): nothing is held any more. */
    release() {
      hashes = new Float64Array(0);
      times = new Float64Array(0);
      next = filled = 0;
      horizon = -Infinity;
      known = null;
      current = new Map();
    },
    /** Lines remembered now (what the memory holds). */
    held: () => filled + (known?.size ?? 0) + current.size,
  };
}
