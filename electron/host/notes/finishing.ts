import { ApiError } from '../../../shared/api/errors';
import type { HostEvent } from '../../../shared/api/events';
import { graceUntil, writerRoleName } from '../../../shared/domain/noteRules';
import type { Presence } from '../../../shared/domain/notes';
import type { HostContext } from '../context';
import { foldRotation, roleHolders } from '../run/rotation';
import { runInputs } from '../run/service';

/** Why a participant cannot be finishing a note now, or when their grace ends. */
type Grace = { until: number } | { refused: ApiError };

/**
 * Whether `participantId` is, now, finishing the note they began at `startedAt` after their
 * turn as note-taker ended: the session runs, they are in it, and the grace of that note has
 * not ended (nor been used by a note saved since).
 */
export function graceOf(
  host: Pick<HostContext, 'repos' | 'clock'>,
  sessionId: string,
  participantId: string,
  startedAt: number | null,
): Grace {
  const inputs = runInputs(host as HostContext, sessionId);
  if (inputs.session.status !== 'running')
    return { refused: new ApiError('conflict', 'The session is not running') };
  const person = host.repos.participants.get(participantId);
  if (!person || person.sessionId !== sessionId)
    return { refused: new ApiError('not_found', 'That person is not in this session') };
  const now = host.clock.now();
  const holdersAt = (at: number) =>
    roleHolders(foldRotation(inputs.events.filter((e) => e.at <= at)), inputs.roles).holders;
  const until = graceUntil(
    inputs.session.noteWriters,
    participantId,
    holdersAt,
    now,
    startedAt,
    inputs.events.map((e) => e.at),
    // A note saved since counts even when timed a little ahead of the host's clock.
    (t) => host.repos.notes.wroteBetween(sessionId, participantId, t, Number.MAX_SAFE_INTEGER),
  );
  if (until !== null) return { until };
  const role = writerRoleName(inputs.session.noteWriters, inputs.roles);
  return {
    refused: new ApiError(
      'conflict',
      `${person.name} has no note to finish: their turn as ${role} did not end in the last 2 minutes with a note begun in it and not saved since`,
    ),
  };
}

type Entry = { startedAt: number | null; until: number; timer: ReturnType<typeof setTimeout> };

/**
 * Who is finishing a note after their turn ended, per session: in memory only (a restarted host
 * forgets it, and the pages ask again), at most one entry per participant, for running sessions
 * only. An entry goes when its writer says they stopped, their page's last connection closes,
 * or a look finds it no longer true (`recheck`: after a note is saved, after any change to the
 * run, and when its grace ends). Every change is told to the session's pages.
 */
export function createFinishingDesk(options: {
  now: () => number;
  emit: (event: HostEvent) => void;
  grace: (sessionId: string, participantId: string, startedAt: number | null) => Grace;
  /** Wraps the timer's callback (the host's error boundary). */
  guard: (fn: () => void) => () => void;
}) {
  const sessions = new Map<string, Map<string, Entry>>();
  // Only grows, also across a host restart (a page may keep the last one it saw).
  let version = Date.now();
  const nextVersion = () => (version = Math.max(version + 1, Date.now()));

  const presence = (sessionId: string): Presence => ({
    version,
    finishing: [...(sessions.get(sessionId) ?? new Map<string, Entry>())].map(([id, e]) => ({
      participantId: id,
      until: e.until,
    })),
  });
  const announce = (sessionId: string) => {
    nextVersion();
    options.emit({
      event: 'presence.changed',
      payload: { sessionId, presence: presence(sessionId) },
    });
  };
  /** Removes entries; true if any was there. */
  const drop = (sessionId: string, participantIds: Iterable<string>) => {
    const entries = sessions.get(sessionId);
    let dropped = false;
    for (const id of participantIds) {
      const entry = entries?.get(id);
      if (!entry) continue;
      clearTimeout(entry.timer);
      entries!.delete(id);
      dropped = true;
    }
    if (entries?.size === 0) sessions.delete(sessionId);
    return dropped;
  };

  /** Drops the entries that are no longer true; throws only if the store cannot be read. */
  function recheck(sessionId: string) {
    const entries = sessions.get(sessionId);
    if (!entries) return;
    const stale = [...entries].filter(([id, e]) => {
      const grace = options.grace(sessionId, id, e.startedAt);
      return !('until' in grace) || grace.until <= options.now();
    });
    if (
      drop(
        sessionId,
        stale.map(([id]) => id),
      )
    )
      announce(sessionId);
  }

  return {
    /** What a page asks: true with when the note began, or false. Throws when refused. */
    set(sessionId: string, participantId: string, active: boolean, startedAt: number | null) {
      if (!active) {
        if (drop(sessionId, [participantId])) announce(sessionId);
        return presence(sessionId);
      }
      const grace = options.grace(sessionId, participantId, startedAt);
      if ('refused' in grace) {
        if (drop(sessionId, [participantId])) announce(sessionId);
        throw grace.refused;
      }
      const entries = sessions.get(sessionId) ?? new Map<string, Entry>();
      sessions.set(sessionId, entries);
      const known = entries.get(participantId);
      if (known?.until === grace.until && known.startedAt === startedAt) return presence(sessionId);
      clearTimeout(known?.timer);
      // A wake-up only: whether the grace has ended is read from the host clock.
      const timer = setTimeout(
        options.guard(() => recheck(sessionId)),
        Math.max(0, grace.until - options.now()) + 5,
      );
      timer.unref?.();
      entries.set(participantId, { startedAt, until: grace.until, timer });
      announce(sessionId);
      return presence(sessionId);
    },
    recheck,
    presence,
    /** A personal link's holder has no page open any more. */
    left(sessionId: string, participantId: string) {
      if (drop(sessionId, [participantId])) announce(sessionId);
    },
    /** A deleted session. */
    forget(sessionId: string) {
      drop(sessionId, [...(sessions.get(sessionId)?.keys() ?? [])]);
    },
    stop() {
      for (const id of [...sessions.keys()]) drop(id, [...sessions.get(id)!.keys()]);
    },
  };
}
export type FinishingDesk = ReturnType<typeof createFinishingDesk>;
