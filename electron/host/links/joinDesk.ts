import crypto from 'node:crypto';
import { ApiError } from '../../../shared/api/errors';
import type { JoinRequest, JoinRequestInput, JoinStatus } from '../../../shared/domain/links';
import { newId } from '../db/ids';

/** How long a request waits for the facilitator, and how long an answer waits to be read. */
export const JOIN_WAIT_MS = 15 * 60_000;
export const MAX_WAITING_PER_SESSION = 20;
export const MAX_WAITING = 100;

type Entry = {
  request: JoinRequest;
  /** The requester's secret: only their waiting page can read the answer. */
  secret: string;
  state: { status: 'waiting' } | { status: 'refused' } | { status: 'admitted'; token: string };
  /** When the entry is forgotten. */
  expiresAt: number;
};

/**
 * Join requests from people without a link, kept in memory only (a restarted host forgets them:
 * the waiting page says to ask again). Bounded: a few per session, a hundred in all, each kept
 * 15 minutes. An admitted request's link is handed to its waiting page once, then forgotten.
 */
export function createJoinDesk(now: () => number) {
  const bySecret = new Map<string, Entry>();
  const byId = new Map<string, Entry>();

  const sweep = () => {
    const t = now();
    for (const [secret, e] of bySecret)
      if (e.expiresAt <= t) {
        bySecret.delete(secret);
        byId.delete(e.request.id);
      }
  };
  const forget = (e: Entry) => {
    bySecret.delete(e.secret);
    byId.delete(e.request.id);
  };
  const waitingOf = (sessionId: string) =>
    [...byId.values()].filter(
      (e) => e.state.status === 'waiting' && e.request.sessionId === sessionId,
    );

  return {
    /** A new request; the secret goes back to the requester only. */
    submit(input: JoinRequestInput): { secret: string; request: JoinRequest } {
      sweep();
      if (
        bySecret.size >= MAX_WAITING ||
        waitingOf(input.sessionId).length >= MAX_WAITING_PER_SESSION
      )
        throw new ApiError(
          'rate_limited',
          'Too many people are waiting to join; try again in a few minutes',
        );
      const request: JoinRequest = {
        id: newId(),
        sessionId: input.sessionId,
        name: input.name,
        function: input.function,
        at: now(),
      };
      const entry: Entry = {
        request,
        secret: crypto.randomBytes(32).toString('base64url'),
        state: { status: 'waiting' },
        expiresAt: now() + JOIN_WAIT_MS,
      };
      bySecret.set(entry.secret, entry);
      byId.set(request.id, entry);
      return { secret: entry.secret, request };
    },
    /** What the waiting page learns; an admission is read once. */
    status(secret: string): JoinStatus {
      sweep();
      const entry = bySecret.get(secret);
      if (!entry) return { status: 'gone' };
      if (entry.state.status !== 'admitted') return { status: entry.state.status };
      forget(entry);
      return {
        status: 'admitted',
        token: entry.state.token,
        sessionId: entry.request.sessionId,
      };
    },
    waiting(sessionId: string): JoinRequest[] {
      sweep();
      return waitingOf(sessionId).map((e) => e.request);
    },
    /** The waiting request of this session, or 404. */
    get(sessionId: string, requestId: string): JoinRequest {
      sweep();
      const entry = byId.get(requestId);
      if (!entry || entry.request.sessionId !== sessionId || entry.state.status !== 'waiting')
        throw new ApiError('not_found', 'That request is no longer waiting');
      return entry.request;
    },
    admit(requestId: string, token: string): void {
      const entry = byId.get(requestId);
      if (!entry) return;
      entry.state = { status: 'admitted', token };
      entry.expiresAt = now() + JOIN_WAIT_MS;
    },
    refuse(requestId: string): void {
      const entry = byId.get(requestId);
      if (!entry) return;
      entry.state = { status: 'refused' };
      entry.expiresAt = now() + JOIN_WAIT_MS;
    },
  };
}
export type JoinDesk = ReturnType<typeof createJoinDesk>;
