import type { Role } from '../../../shared/domain/roles';
import type { RoleHolder, SessionEvent } from '../../../shared/domain/run';
import { elapsedAt, runningIntervals, type Interval } from '../../../shared/run/clock';

/**
 * Rotation as a pure fold over the session's events. Roles pass along the active roster: who
 * drives now navigates next turn, then takes notes, then observes (driver → navigator →
 * note-taker → observer, in the order of the session's roles). The first person on the roster
 * drives first.
 */
export type RotationState = {
  order: string[];
  away: Set<string>;
  removed: Set<string>;
  driverId: string | null;
  turnIndex: number;
  turnStartedElapsedMs: number;
  rotationCount: number;
  rotationsAtLastBreak: number;
  focusGoalId: string | null;
};

export const emptyRotation = (): RotationState => ({
  order: [],
  away: new Set(),
  removed: new Set(),
  driverId: null,
  turnIndex: 0,
  turnStartedElapsedMs: 0,
  rotationCount: 0,
  rotationsAtLastBreak: 0,
  focusGoalId: null,
});

export const activeRoster = (s: RotationState): string[] =>
  s.order.filter((id) => !s.away.has(id) && !s.removed.has(id));

/** The next active person after `id` in roster order (cyclic), or null. */
function nextActiveAfter(s: RotationState, id: string | null): string | null {
  const active = new Set(activeRoster(s));
  if (active.size === 0) return null;
  const start = id === null ? -1 : s.order.indexOf(id);
  for (let step = 1; step <= s.order.length; step++) {
    const candidate = s.order[(start + step) % s.order.length]!;
    if (active.has(candidate)) return candidate;
  }
  return null;
}

/**
 * Where someone joining or coming back is placed: behind everyone waiting for a role, just
 * before the last of the rotating roles' holders, so they get a role only when everyone waiting
 * has had one (the end of the queue, as in Mobster and mobti.me); a role nobody holds is filled
 * at once. Null when nobody is in the rotation (then they drive).
 */
export function queueEndPlace(s: RotationState, rotatingRoles: number): string | null {
  const active = activeRoster(s);
  const n = active.length;
  const d = s.driverId ? active.indexOf(s.driverId) : -1;
  if (d < 0) return null;
  const held = Math.max(1, Math.min(rotatingRoles, n));
  return active[(d - held + 1 + n) % n]!;
}

/** Move (or add) `id` to just before `before` in the roster order; null or unknown: the end. */
function placeBefore(s: RotationState, id: string, before: string | null) {
  const at = s.order.indexOf(id);
  if (at >= 0) s.order.splice(at, 1);
  const anchor = before === null || before === id ? -1 : s.order.indexOf(before);
  if (anchor < 0) s.order.push(id);
  else s.order.splice(anchor, 0, id);
}

function newTurn(s: RotationState, elapsed: number, driverId: string | null) {
  s.driverId = driverId;
  s.turnIndex += 1;
  s.turnStartedElapsedMs = elapsed;
}

/** Apply one event. `elapsed` is the session's active time at the event. */
export function applyEvent(s: RotationState, e: SessionEvent, elapsed: number): void {
  switch (e.type) {
    case 'session.started':
      s.order = [...e.payload.order];
      s.driverId = activeRoster(s)[0] ?? null;
      s.turnIndex = 0;
      s.turnStartedElapsedMs = elapsed;
      break;
    case 'session.paused':
      if (e.payload.reason === 'break') s.rotationsAtLastBreak = s.rotationCount;
      break;
    case 'break.skipped':
      s.rotationsAtLastBreak = s.rotationCount;
      break;
    case 'rotation.rotated':
      newTurn(s, elapsed, nextActiveAfter(s, s.driverId));
      s.rotationCount += 1;
      break;
    case 'rotation.skipped':
    case 'roster.removed': {
      const id = e.payload.participantId;
      const wasDriver = s.driverId === id;
      const successor = wasDriver ? nextActiveAfter(s, id) : null;
      if (e.type === 'rotation.skipped') s.away.add(id);
      else s.removed.add(id);
      // The wheel passes on at once: the next person starts a fresh turn.
      if (wasDriver) newTurn(s, elapsed, successor === id ? null : successor);
      break;
    }
    case 'rotation.rejoined':
      s.away.delete(e.payload.participantId);
      if (e.payload.before !== undefined) placeBefore(s, e.payload.participantId, e.payload.before);
      if (s.driverId === null) newTurn(s, elapsed, e.payload.participantId);
      break;
    case 'roster.added':
      s.removed.delete(e.payload.participantId);
      if (e.payload.before !== undefined) placeBefore(s, e.payload.participantId, e.payload.before);
      else if (!s.order.includes(e.payload.participantId)) s.order.push(e.payload.participantId);
      if (s.driverId === null) newTurn(s, elapsed, e.payload.participantId);
      break;
    case 'rotation.swapped': {
      const { a, b } = e.payload;
      const ia = s.order.indexOf(a);
      const ib = s.order.indexOf(b);
      if (ia < 0 || ib < 0) break;
      s.order[ia] = b;
      s.order[ib] = a;
      if (s.driverId === a) s.driverId = b;
      else if (s.driverId === b) s.driverId = a;
      break;
    }
    case 'rotation.shuffled':
      s.order = [...e.payload.order];
      newTurn(s, elapsed, activeRoster(s)[0] ?? null);
      break;
    case 'goal.focused':
      s.focusGoalId = e.payload.goalId;
      break;
    default:
      break;
  }
}

export function foldRotation(
  events: readonly SessionEvent[],
  intervals: Interval[] = runningIntervals(events),
): RotationState {
  const s = emptyRotation();
  for (const e of events) applyEvent(s, e, elapsedAt(intervals, e.at));
  return s;
}

/** Who holds each rotating role, and who observes. Fewer people than roles leaves roles empty. */
export function roleHolders(
  s: RotationState,
  roles: readonly Role[],
): { holders: RoleHolder[]; observers: string[] } {
  const active = activeRoster(s);
  const rotating = roles.filter((r) => r.rotates);
  const d = s.driverId ? active.indexOf(s.driverId) : -1;
  const n = active.length;
  const holders = rotating.map((role, i) => ({
    roleKey: role.key,
    roleName: role.name,
    participantId: d >= 0 && i < n ? active[(d - i + n) % n]! : null,
  }));
  const held = new Set(holders.map((h) => h.participantId));
  return { holders, observers: active.filter((id) => !held.has(id)) };
}

export const nextUp = (s: RotationState): string | null => {
  const next = nextActiveAfter(s, s.driverId);
  return next === s.driverId ? null : next;
};

export const breakDue = (s: RotationState, breakEvery: number): boolean =>
  breakEvery > 0 && s.rotationCount - s.rotationsAtLastBreak >= breakEvery;
