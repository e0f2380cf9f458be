import { ApiError } from '../../../shared/api/errors';
import type { EventPayloads, RunSnapshot, SessionEventType } from '../../../shared/domain/run';
import type { Session, SessionStatus } from '../../../shared/domain/session';
import type { HostContext } from '../context';
import { requireSession } from '../sessions/guards';
import { deriveRun, type RunInputs } from './snapshot';
import { foldRotation, queueEndPlace } from './rotation';
import { writeTransaction } from '../db/write';

export function runInputs(host: HostContext, sessionId: string): RunInputs & { session: Session } {
  return {
    session: requireSession(host.repos, sessionId),
    roles: host.repos.roles.list(sessionId),
    events: host.repos.events.list(sessionId),
  };
}

/** The roster place for someone joining or coming back now: the end of the queue. */
export function queueEndOf(host: HostContext, sessionId: string): string | null {
  const { events, roles } = runInputs(host, sessionId);
  return queueEndPlace(foldRotation(events), roles.filter((r) => r.rotates).length);
}

export function runSnapshot(
  host: HostContext,
  sessionId: string,
  now = host.clock.now(),
): RunSnapshot {
  const { rotation: _internal, ...snapshot } = deriveRun(runInputs(host, sessionId), now);
  return snapshot;
}

const LIFECYCLE: Partial<Record<SessionEventType, SessionStatus>> = {
  'session.started': 'running',
  'session.paused': 'paused',
  'session.resumed': 'running',
  'session.ended': 'ended',
};

/** Append events to the log in one transaction (keeping sessions.status in step), then notify. */
export function record(
  host: HostContext,
  sessionId: string,
  entries: ReadonlyArray<
    {
      [T in SessionEventType]: { type: T; payload: EventPayloads[T]; at?: number };
    }[SessionEventType]
  >,
  actorId: string | null = null,
): RunSnapshot {
  const now = host.clock.now();
  writeTransaction(host.db, () => {
    for (const e of entries) {
      host.repos.events.append(sessionId, e.type, e.payload as never, e.at ?? now, actorId);
      const status = LIFECYCLE[e.type];
      if (status) host.repos.sessions.setStatus(sessionId, status);
    }
  });
  host.runChanged(sessionId);
  return runSnapshot(host, sessionId);
}

/** The session must be in one of these states, or the action is refused with a clear reason. */
export function requireStatus(
  host: HostContext,
  sessionId: string,
  allowed: readonly SessionStatus[],
  action: string,
): Session {
  const session = requireSession(host.repos, sessionId);
  if (allowed.includes(session.status)) return session;
  const why =
    session.status === 'ended'
      ? 'the session has ended'
      : session.status === 'draft'
        ? 'the session has not started'
        : `the session is ${session.status}`;
  throw new ApiError('conflict', `Cannot ${action}: ${why}`);
}
