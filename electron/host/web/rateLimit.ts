/**
 * Counts failures per address in a sliding window: after `max` in `windowMs`, the address is
 * refused until the oldest of them leaves the window. Bounded: at most `maxAddresses` are
 * remembered (the longest quiet is forgotten first).
 */
export function createRateLimit(options: {
  max: number;
  windowMs: number;
  now?: () => number;
  maxAddresses?: number;
}) {
  const now = options.now ?? Date.now;
  const maxAddresses = options.maxAddresses ?? 10_000;
  const failures = new Map<string, number[]>();

  const recent = (address: string, t: number) => {
    const list = (failures.get(address) ?? []).filter((at) => at > t - options.windowMs);
    if (list.length === 0) failures.delete(address);
    else failures.set(address, list);
    return list;
  };

  return {
    /** Seconds until the address may try again; 0: it may now. */
    retryAfter(address: string): number {
      const t = now();
      const list = recent(address, t);
      if (list.length < options.max) return 0;
      const freeAt = list[list.length - options.max]! + options.windowMs;
      return Math.max(1, Math.ceil((freeAt - t) / 1000));
    },
    fail(address: string): void {
      const t = now();
      const list = recent(address, t);
      list.push(t);
      failures.delete(address); // re-inserted last: the Map's order is least recently failed first
      failures.set(address, list.slice(-options.max));
      if (failures.size > maxAddresses) failures.delete(failures.keys().next().value!);
    },
  };
}
export type RateLimit = ReturnType<typeof createRateLimit>;
