import type { RunSnapshot } from '../../../shared/domain/run';
import { useAppStore } from '../../store';
import { useNow } from '../../lib/time';

export type LiveClock = {
  elapsedMs: number;
  remainingMs: number;
  turnLeftMs: number;
  overtime: boolean;
};

/** The clock at `deviceNow`, interpolated from the last snapshot in host time. */
export function liveClock(run: RunSnapshot, deviceNow: number, clockOffset: number): LiveClock {
  const hostNow = deviceNow + clockOffset;
  const elapsedMs =
    run.status === 'running' ? run.elapsedMs + Math.max(0, hostNow - run.hostNow) : run.elapsedMs;
  const remainingMs = run.timeboxMs - elapsedMs;
  return {
    elapsedMs,
    remainingMs,
    turnLeftMs: run.turn.endsElapsedMs - elapsedMs,
    overtime: remainingMs < 0,
  };
}

export function useLiveClock(): LiveClock | null {
  const run = useAppStore((s) => s.run);
  const offset = useAppStore((s) => s.clockOffset);
  const now = useNow(250);
  return run ? liveClock(run, now, offset) : null;
}
