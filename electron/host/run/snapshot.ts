import type { Role } from '../../../shared/domain/roles';
import {
  DEFAULT_BREAK_MINUTES,
  type RunSnapshot,
  type SessionEvent,
} from '../../../shared/domain/run';
import type { Session } from '../../../shared/domain/session';
import {
  clockStatus,
  elapsedAt,
  momentOfElapsed,
  runningIntervals,
  sessionBounds,
} from '../../../shared/run/clock';
import {
  activeRoster,
  breakDue,
  foldRotation,
  nextUp,
  roleHolders,
  type RotationState,
} from './rotation';

const MINUTE = 60_000;

export type RunInputs = {
  session: Pick<Session, 'id' | 'timeboxMinutes' | 'rotationMinutes' | 'breakEvery' | 'autoRotate'>;
  roles: readonly Role[];
  events: readonly SessionEvent[];
};

/** The pause the session is in, if any. */
function currentPause(events: readonly SessionEvent[]) {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.type === 'session.paused') return e;
    if (e.type === 'session.resumed' || e.type === 'session.started') return null;
  }
  return null;
}

/** Everything the Run view shows, derived from the log at `now`. */
export function deriveRun(
  { session, roles, events }: RunInputs,
  now: number,
): RunSnapshot & { rotation: RotationState } {
  const intervals = runningIntervals(events);
  const status = clockStatus(events);
  const rotation = foldRotation(events, intervals);
  const intervalMs = session.rotationMinutes * MINUTE;
  const { holders, observers } = roleHolders(rotation, roles);
  const { startedAt, endedAt } = sessionBounds(events);
  const pause = status === 'paused' ? currentPause(events) : null;
  return {
    sessionId: session.id,
    hostNow: now,
    status,
    pauseReason: pause?.payload.reason ?? null,
    breakEndsAt:
      pause?.payload.reason === 'break'
        ? pause.at + (pause.payload.minutes ?? DEFAULT_BREAK_MINUTES) * MINUTE
        : null,
    startedAt,
    endedAt,
    elapsedMs: Math.round(elapsedAt(intervals, now)),
    timeboxMs: session.timeboxMinutes * MINUTE,
    intervalMs,
    autoRotate: session.autoRotate,
    turn: {
      index: rotation.turnIndex,
      startedElapsedMs: rotation.turnStartedElapsedMs,
      endsElapsedMs: rotation.turnStartedElapsedMs + intervalMs,
    },
    rotationCount: rotation.rotationCount,
    roles: holders,
    observers,
    nextUpId: nextUp(rotation),
    order: rotation.order,
    awayIds: [...rotation.away].filter((id) => !rotation.removed.has(id)),
    breakEvery: session.breakEvery,
    breakDue: breakDue(rotation, session.breakEvery),
    focusGoalId: rotation.focusGoalId,
    rotation,
  };
}

/**
 * The auto-rotations due by `now` that the log does not have yet, as the host times at which
 * each turn ended. After a restart this catches up on every turn that ended while it was down.
 */
export function dueRotations(inputs: RunInputs, now: number, limit = 1000): number[] {
  const { session, events } = inputs;
  if (!session.autoRotate || clockStatus(events) !== 'running') return [];
  const intervals = runningIntervals(events);
  const rotation = foldRotation(events, intervals);
  if (activeRoster(rotation).length < 2) return [];
  const intervalMs = session.rotationMinutes * MINUTE;
  const due: number[] = [];
  let turnEnd = rotation.turnStartedElapsedMs + intervalMs;
  const elapsedNow = elapsedAt(intervals, now);
  while (turnEnd <= elapsedNow && due.length < limit) {
    const at = momentOfElapsed(intervals, turnEnd);
    if (at === null) break;
    due.push(Math.round(at));
    turnEnd += intervalMs;
  }
  return due;
}

/** When the current turn ends, in host time, if the clock is running; else null. */
export function currentTurnEndsAt(inputs: RunInputs, now: number): number | null {
  const snapshot = deriveRun(inputs, now);
  if (snapshot.status !== 'running') return null;
  return now + (snapshot.turn.endsElapsedMs - snapshot.elapsedMs);
}
