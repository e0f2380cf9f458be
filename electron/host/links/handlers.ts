import { ApiError } from '../../../shared/api/errors';
import { CAPABILITIES, type PersonalLink } from '../../../shared/domain/links';
import { actorOf, type Caller, type HandlerMap, type HostContext } from '../context';
import { writeTransaction } from '../db/write';
import { participantHandlers } from '../participants/handlers';
import { requireSession } from '../sessions/guards';
import { currentHolder } from './authorize';
import { hashToken, linkUrl, newPersonalToken } from './tokens';

function requireMember(host: HostContext, sessionId: string, participantId: string) {
  const participant = host.repos.participants.get(participantId);
  if (!participant || participant.sessionId !== sessionId)
    throw ApiError.field('participantId', 'Not a participant of this session');
  return participant;
}

const changed = (host: HostContext, sessionId: string) =>
  host.emit({ event: 'links.changed', payload: { sessionId } });

/**
 * A new link for a participant, replacing (revoking) the ones they had, with both on the
 * session's log. Returns the token: the only moment it exists outside the page that opens it.
 */
function issue(
  host: HostContext,
  sessionId: string,
  participantId: string,
  caller: Caller,
): { link: PersonalLink; token: string } {
  const participant = requireMember(host, sessionId, participantId);
  const token = newPersonalToken();
  const now = host.clock.now();
  const actor = actorOf(caller);
  const link = writeTransaction(host.db, () => {
    const payload = { participantId, name: participant.name };
    if (host.repos.links.revokeAllOf(participantId, now).length > 0)
      host.repos.events.append(sessionId, 'link.revoked', payload, now, actor);
    host.repos.events.append(sessionId, 'link.issued', payload, now, actor);
    return host.repos.links.insert(sessionId, participantId, hashToken(token), now);
  });
  return { link, token };
}

export const linkHandlers: HandlerMap<
  | 'links.me'
  | 'links.list'
  | 'links.issue'
  | 'links.revoke'
  | 'links.admit'
  | 'links.refuse'
  | 'links.sharing'
  | 'links.share'
> = {
  'links.me': (_args, host, caller) => {
    if (!caller.person) return { kind: 'host', capabilities: [...CAPABILITIES] };
    const { session, participant, capabilities } = currentHolder(host, caller.person);
    return {
      kind: 'person',
      sessionId: session.id,
      participantId: participant.id,
      name: participant.name,
      capabilities,
    };
  },

  'links.list': (args, host) => {
    requireSession(host.repos, args.sessionId);
    return {
      links: host.repos.links.list(args.sessionId),
      requests: host.joins.waiting(args.sessionId),
      shareOrigin: host.info.share?.origin ?? null,
      remote: host.info.share?.remote ?? false,
    };
  },

  'links.issue': (args, host, caller) => {
    requireSession(host.repos, args.sessionId);
    const { link, token } = issue(host, args.sessionId, args.participantId, caller);
    changed(host, args.sessionId);
    const origin = host.info.share?.origin;
    return { link, url: origin ? linkUrl(origin, token) : null };
  },

  'links.revoke': (args, host, caller) => {
    requireSession(host.repos, args.sessionId);
    const link = host.repos.links.get(args.linkId);
    if (!link || link.sessionId !== args.sessionId)
      throw new ApiError('not_found', 'No such link in this session');
    if (link.revokedAt !== null) return link;
    const participant = host.repos.participants.get(link.participantId);
    const now = host.clock.now();
    writeTransaction(host.db, () => {
      host.repos.links.revoke(link.id, now);
      host.repos.events.append(
        args.sessionId,
        'link.revoked',
        { participantId: link.participantId, name: participant?.name ?? '' },
        now,
        actorOf(caller),
      );
    });
    changed(host, args.sessionId);
    return host.repos.links.get(link.id)!;
  },

  'links.admit': async (args, host, caller) => {
    requireSession(host.repos, args.sessionId);
    const request = host.joins.get(args.sessionId, args.requestId);
    // As if the facilitator added them: the same checks (name taken, session full, joining a
    // running session at the end of the queue).
    const participant = await participantHandlers['participants.add'](
      { sessionId: args.sessionId, name: request.name, function: request.function, email: '' },
      host,
      caller,
    );
    const { link, token } = issue(host, args.sessionId, participant.id, caller);
    host.repos.events.append(
      args.sessionId,
      'join.admitted',
      { participantId: participant.id, name: participant.name },
      host.clock.now(),
      actorOf(caller),
    );
    host.joins.admit(request.id, token);
    changed(host, args.sessionId);
    return { participant, link };
  },

  'links.refuse': (args, host) => {
    requireSession(host.repos, args.sessionId);
    const request = host.joins.get(args.sessionId, args.requestId);
    host.joins.refuse(request.id);
    changed(host, args.sessionId);
    return { refused: true as const };
  },

  'links.sharing': (_args, host) => host.sharing.state(),
  'links.share': (args, host) => host.sharing.set(args),
};
