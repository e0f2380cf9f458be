import { ApiError } from '../../../shared/api/errors';
import { requireSession } from '../sessions/guards';
import type { Caller, HandlerMap, HostContext } from '../context';
import { currentHolder } from '../links/authorize';
import { applyOps, type Sender } from './ops';

function senderOf(host: HostContext, caller: Caller): Sender {
  if (!caller.person) return null;
  const { participant, capabilities } = currentHolder(host, caller.person);
  return {
    participantId: participant.id,
    name: participant.name,
    facilitates: capabilities.includes('facilitate'),
  };
}

export const noteHandlers: HandlerMap<
  'notes.apply' | 'notes.timeline' | 'notes.finishing' | 'notes.history'
> = {
  'notes.apply': (args, host, caller) => {
    requireSession(host.repos, args.sessionId);
    const { results, notes, goalsChanged } = applyOps(
      host,
      args.sessionId,
      args.ops,
      senderOf(host, caller),
    );
    if (notes.length > 0) {
      host.emit({ event: 'notes.changed', payload: { sessionId: args.sessionId, notes } });
      host.finishing.recheck(args.sessionId); // a note saved in its grace ends it
    }
    if (goalsChanged) {
      host.emit({
        event: 'sessions.changed',
        payload: { sessionId: args.sessionId, change: 'updated' },
      });
      host.runChanged(args.sessionId);
    }
    return { results, notes };
  },

  'notes.timeline': (args, host) => {
    requireSession(host.repos, args.sessionId);
    return {
      notes: host.repos.notes.list(args.sessionId),
      events: host.repos.events.list(args.sessionId),
      presence: host.finishing.presence(args.sessionId),
    };
  },

  'notes.finishing': (args, host) => {
    requireSession(host.repos, args.sessionId);
    return host.finishing.set(
      args.sessionId,
      args.participantId,
      args.active,
      args.startedAt ?? null,
    );
  },

  'notes.history': (args, host) => {
    const note = host.repos.notes.get(args.noteId);
    if (!note) throw new ApiError('not_found', `Note ${args.noteId} not found`);
    return { note, revisions: host.repos.notes.history(args.noteId) };
  },
};
