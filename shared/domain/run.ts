import { z } from 'zod';
import { Id } from './common';

/** Everything that happens in a running session is an event in its log; state is derived. */
export const SESSION_EVENT_TYPES = [
  'session.started',
  'session.paused',
  'session.resumed',
  'session.ended',
  'rotation.rotated',
  'rotation.skipped',
  'rotation.rejoined',
  'rotation.swapped',
  'rotation.shuffled',
  'roster.added',
  'roster.removed',
  'break.skipped',
  'goal.focused',
  'goal.status',
  'goal.added',
  'preflight.overridden',
  'link.issued',
  'link.revoked',
  'join.admitted',
  'decision.signed',
] as const;
export type SessionEventType = (typeof SESSION_EVENT_TYPES)[number];

export const PAUSE_REASONS = ['pause', 'break'] as const;
/** A break lasts this long unless its starter says otherwise (Mobster's default). */
export const DEFAULT_BREAK_MINUTES = 5;
export const MAX_BREAK_MINUTES = 60;
export type PauseReason = (typeof PAUSE_REASONS)[number];

export const GOAL_STATUSES = [
  'not-started',
  'exploring',
  'confident',
  'concern',
  'blocked',
] as const;
export const GoalStatus = z.enum(GOAL_STATUSES, {
  error: `Status must be one of: ${GOAL_STATUSES.join(', ')}`,
});
export type GoalStatus = z.infer<typeof GoalStatus>;

export type EventPayloads = {
  'session.started': { order: string[] };
  /** `minutes`: how long a break was meant to last (absent: the default). */
  'session.paused': { reason: PauseReason; minutes?: number };
  'session.resumed': Record<string, never>;
  'session.ended': Record<string, never>;
  'rotation.rotated': { reason: 'auto' | 'manual' };
  'rotation.skipped': { participantId: string };
  /**
   * `before`: the roster place they come back to, just before this person (null: the end of the
   * roster); absent in events recorded before joiners went to the end of the queue, where they
   * kept their old place.
   */
  'rotation.rejoined': { participantId: string; before?: string | null };
  'rotation.swapped': { a: string; b: string };
  'rotation.shuffled': { order: string[] };
  /** `before` as for 'rotation.rejoined'; absent: at the end of the roster. */
  'roster.added': { participantId: string; before?: string | null };
  'roster.removed': { participantId: string };
  'break.skipped': Record<string, never>;
  'goal.focused': { goalId: string | null };
  'goal.status': { goalId: string; status: GoalStatus };
  'goal.added': { goalId: string };
  /** Start was allowed despite these pre-flight checks (their labels), for this reason. */
  'preflight.overridden': { participantId: string; name: string; reason: string; items: string[] };
  /** A personal link was issued to (or revoked from) a participant; their name as it was then. */
  'link.issued': { participantId: string; name: string };
  'link.revoked': { participantId: string; name: string };
  /** Someone who asked on the join page was admitted as a participant. */
  'join.admitted': { participantId: string; name: string };
  /**
   * The product owner signed version `version`: `summary` as the record states it ("Promote to
   * 10 %"), the signer as named in the record, and the key whose signature was issued.
   */
  'decision.signed': {
    decisionId: string;
    version: number;
    summary: string;
    signerId: string | null;
    signerName: string;
    kid: string;
  };
};

export type SessionEventOf<T extends SessionEventType> = {
  id: string;
  seq: number;
  /** Host time, epoch milliseconds. */
  at: number;
  type: T;
  payload: EventPayloads[T];
  actorId: string | null;
};
export type SessionEvent = { [T in SessionEventType]: SessionEventOf<T> }[SessionEventType];

export const SessionEventSchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  at: z.number().int(),
  type: z.enum(SESSION_EVENT_TYPES),
  payload: z.record(z.string(), z.unknown()),
  actorId: z.string().nullable(),
});

export const RoleHolder = z.object({
  roleKey: z.string(),
  roleName: z.string(),
  participantId: z.string().nullable(),
});
export type RoleHolder = z.infer<typeof RoleHolder>;

/**
 * A snapshot of a session's run, taken at `hostNow`. The renderer interpolates the clock from it
 * (corrected for the difference between its clock and the host's) until the next snapshot.
 */
export const RunSnapshot = z.object({
  sessionId: Id,
  hostNow: z.number().int(),
  status: z.enum(['draft', 'running', 'paused', 'ended']),
  pauseReason: z.enum(PAUSE_REASONS).nullable(),
  /** During a break: when it is meant to end (host time); the clock does not run meanwhile. */
  breakEndsAt: z.number().int().nullable(),
  startedAt: z.number().int().nullable(),
  endedAt: z.number().int().nullable(),
  /** Active (unpaused) time at hostNow. */
  elapsedMs: z.number().int(),
  timeboxMs: z.number().int(),
  intervalMs: z.number().int(),
  autoRotate: z.boolean(),
  turn: z.object({
    index: z.number().int(),
    startedElapsedMs: z.number().int(),
    endsElapsedMs: z.number().int(),
  }),
  rotationCount: z.number().int(),
  roles: z.array(RoleHolder),
  observers: z.array(z.string()),
  nextUpId: z.string().nullable(),
  order: z.array(z.string()),
  awayIds: z.array(z.string()),
  breakEvery: z.number().int(),
  breakDue: z.boolean(),
  focusGoalId: z.string().nullable(),
});
export type RunSnapshot = z.infer<typeof RunSnapshot>;
