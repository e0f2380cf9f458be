import { ApiError } from '../../../shared/api/errors';
import { actorOf, type HandlerMap, type HostContext } from '../context';
import { queueEndOf, record } from '../run/service';
import { removeFromList, reorderList, touchSession } from '../sessions/lists';
import { requireEditable, requireEditableOrLive } from '../sessions/guards';

const MAX_PARTICIPANTS = 30;

function requireParticipant(host: HostContext, id: string) {
  const p = host.repos.participants.get(id);
  if (!p) throw new ApiError('not_found', `Participant ${id} not found`);
  return p;
}

export const participantHandlers: HandlerMap<
  'participants.add' | 'participants.update' | 'participants.remove' | 'participants.reorder'
> = {
  'participants.add': (args, host, caller) => {
    const { sessionId, ...fields } = args;
    const { live } = requireEditableOrLive(host.repos, sessionId);
    const existing = host.repos.participants.list(sessionId);
    if (existing.length >= MAX_PARTICIPANTS) {
      throw new ApiError('conflict', `A session has at most ${MAX_PARTICIPANTS} participants`);
    }
    if (existing.some((p) => p.name.toLowerCase() === fields.name.toLowerCase())) {
      const message = `${fields.name} is already a participant`;
      throw ApiError.field('name', message);
    }
    const participant = host.repos.participants.insert(sessionId, fields);
    touchSession(host, sessionId);
    // Joining a running session: into the rotation at the end of the queue.
    if (live)
      record(
        host,
        sessionId,
        [
          {
            type: 'roster.added',
            payload: { participantId: participant.id, before: queueEndOf(host, sessionId) },
          },
        ],
        actorOf(caller),
      );
    return participant;
  },

  'participants.update': (args, host) => {
    const current = requireParticipant(host, args.id);
    requireEditable(host.repos, current.sessionId);
    const name = args.patch.name;
    if (
      name &&
      host.repos.participants
        .list(current.sessionId)
        .some((p) => p.id !== args.id && p.name.toLowerCase() === name.toLowerCase())
    ) {
      const message = `${name} is already a participant`;
      throw ApiError.field('patch.name', message);
    }
    const participant = host.repos.participants.update(args.id, args.patch);
    touchSession(host, current.sessionId);
    return participant;
  },

  'participants.remove': (args, host) => {
    const current = requireParticipant(host, args.id);
    // Votes go with the participant (cascade); a facilitator/product-owner mark is cleared.
    return removeFromList(host, current.sessionId, host.repos.participants, args.id);
  },

  'participants.reorder': (args, host) =>
    reorderList(host, args.sessionId, 'participant', host.repos.participants, args.orderedIds),
};
