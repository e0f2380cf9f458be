import { ApiError } from '../../../shared/api/errors';
import { JoinRequestInput, type JoinStatus } from '../../../shared/domain/links';
import { fromZodError } from '../../../shared/api/errors';
import type { HostContext } from '../context';

/**
 * A join request from someone without a link (no token: the web transport limits how often an
 * address may ask). Only a session that can still take people is asked for; the facilitator's
 * app hears of it at once.
 */
export function requestJoin(host: HostContext, body: unknown): { secret: string } {
  const parsed = JoinRequestInput.safeParse(body);
  if (!parsed.success) throw fromZodError(parsed.error);
  const session = host.repos.sessions.get(parsed.data.sessionId);
  if (!session || session.archivedAt)
    throw new ApiError('not_found', 'There is no such session to join');
  if (session.status === 'ended') throw new ApiError('conflict', 'This session has ended');
  const { secret } = host.joins.submit(parsed.data);
  host.emit({ event: 'links.changed', payload: { sessionId: session.id } });
  return { secret };
}

export const joinStatus = (host: HostContext, secret: string): JoinStatus =>
  host.joins.status(secret);
