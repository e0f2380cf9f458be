import type { NoteWriters } from './session';

/**
 * The rules of note taking, in one place: the host enforces them when an op arrives, the
 * renderer applies them before a note is queued so that the writer hears "no" at once.
 */

export const MAX_NOTE_CHARS = 10_000;
/** A note-taker whose turn just ended may finish the note they were typing. */
export const ROLE_GRACE_MS = 120_000;

export const EMPTY_NOTE_MESSAGE = 'An empty note is not saved — type something first';

/** Why a note's (already trimmed) text cannot be saved, or null when it can. */
export function noteTextProblem(text: string): string | null {
  if (text.length === 0) return EMPTY_NOTE_MESSAGE;
  if (text.length > MAX_NOTE_CHARS)
    return `Notes are limited to ${MAX_NOTE_CHARS.toLocaleString('en')} characters (this one has ${text.length.toLocaleString('en')})`;
  return null;
}

type Holder = { roleKey: string; participantId: string | null };

/** The rotating role whose holder writes notes; with 'everyone', the one who writes on a shared screen. */
export const writerRoleKey = (setting: NoteWriters): 'driver' | 'note-taker' =>
  setting === 'driver' ? 'driver' : 'note-taker';

/** The writer role's name as the team called it, lower-cased to sit inside a sentence. */
export function writerRoleName(
  setting: NoteWriters,
  roles: readonly { key: string; name: string }[],
): string {
  const key = writerRoleKey(setting);
  return (roles.find((r) => r.key === key)?.name ?? key).toLowerCase();
}

const holderOf = (holders: readonly Holder[], roleKey: string) =>
  holders.find((h) => h.roleKey === roleKey)?.participantId ?? null;

/**
 * Who writes on one shared screen with these roles: the writer role's holder, and with
 * 'everyone' the driver when nobody takes notes.
 */
export function sharedScreenWriter(
  setting: NoteWriters,
  holders: readonly Holder[],
): string | null {
  const current = holderOf(holders, writerRoleKey(setting));
  return current ?? (setting === 'everyone' ? holderOf(holders, 'driver') : null);
}

/** Whether a participant may write a note with the roles of one moment. */
export const mayWrite = (
  setting: NoteWriters,
  participantId: string,
  holders: readonly Holder[],
): boolean => setting === 'everyone' || holderOf(holders, writerRoleKey(setting)) === participantId;

/**
 * Whether a participant may save, at `at`, a note they started at `startedAt` (null when the
 * sender did not say): 'writer' when they hold the writer role at `at`; 'grace' when their turn
 * in it ended less than ROLE_GRACE_MS before `at`, they held it when the note was started, and
 * this is the first note they save since that turn ended (the grace covers the note being typed,
 * not a second turn); else null. `changesAt` are the moments roles changed, ascending;
 * `savedSince(t)` says whether they saved a note at or after `t`.
 */
export function writeRight(
  setting: NoteWriters,
  participantId: string,
  holdersAt: (at: number) => readonly Holder[],
  at: number,
  startedAt: number | null,
  changesAt: readonly number[],
  savedSince: (t: number) => boolean,
): 'writer' | 'grace' | null {
  if (setting === 'everyone' || mayWrite(setting, participantId, holdersAt(at))) return 'writer';
  const until = graceUntil(setting, participantId, holdersAt, at, startedAt, changesAt, savedSince);
  return until === null ? null : 'grace';
}

/**
 * When the grace of the note a participant began at `startedAt` ends (ROLE_GRACE_MS after
 * their turn as writer ended), if at `at` they are in it (see writeRight); else null, also for
 * someone who holds the writer role at `at`.
 */
export function graceUntil(
  setting: NoteWriters,
  participantId: string,
  holdersAt: (at: number) => readonly Holder[],
  at: number,
  startedAt: number | null,
  changesAt: readonly number[],
  savedSince: (t: number) => boolean,
): number | null {
  const held = (t: number) => mayWrite(setting, participantId, holdersAt(t));
  if (setting === 'everyone' || held(at)) return null;
  const from = Math.max(startedAt ?? -Infinity, at - ROLE_GRACE_MS);
  if (from > at || !held(from) || (startedAt !== null && !held(startedAt))) return null;
  const turnEnd = changesAt.find((t) => t > from && t <= at && !held(t));
  if (turnEnd === undefined || savedSince(turnEnd)) return null;
  return turnEnd + ROLE_GRACE_MS;
}
