/**
 * The audit trail a report lists: who did what in the session that someone is accountable for.
 * It is built from the session's event log when the report is exported, and is no part of the
 * signed decision record.
 */
import type { SessionEventType } from './run';

/** The events that say who ran, rotated, overrode, let in, or decided: not the goal changes. */
export const AUDIT_EVENT_TYPES = [
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
  'preflight.overridden',
  'link.issued',
  'link.revoked',
  'join.admitted',
  'decision.signed',
] as const satisfies readonly SessionEventType[];
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/**
 * At most this many entries are listed: the first and the last half. A 2-hour session with
 * 1-minute turns has about 150; only a runaway log comes near it.
 */
export const AUDIT_CAP = 1000;

export type AuditEntry = {
  /** ISO time, host clock. */
  at: string;
  type: AuditEventType;
  /** "Ana (personal link)", or "the facilitator’s app". */
  who: string;
  /** The event in the timeline's words. */
  what: string;
};

export type AuditTrail = {
  /** When it was read from the log (the export's time). */
  asOf: string;
  entries: AuditEntry[];
  /** Entries left out after `entries[after - 1]`, when the log was longer than the cap. */
  omitted: { after: number; count: number; from: string; to: string } | null;
};
