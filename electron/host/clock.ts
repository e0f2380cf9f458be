/** Host time. Injected so the scheduler and tests can run on a clock they control. */
export type Clock = { now(): number };

export const systemClock: Clock = { now: () => Date.now() };

/**
 * Real time plus an offset that only moves forward (web mode's --test-clock), or, frozen, a
 * time that moves only when told (unit tests).
 */
export function createTestClock(options: { frozen?: boolean } = {}) {
  let offset = 0;
  const frozenAt = Date.now();
  return {
    now: () => (options.frozen ? frozenAt : Date.now()) + offset,
    advance(ms: number) {
      offset += ms;
    },
  };
}
export type TestClock = ReturnType<typeof createTestClock>;
