import { ApiError } from '../../../shared/api/errors';
import {
  SESSION_DEFAULTS,
  type SessionFields,
  type SessionPatch,
} from '../../../shared/domain/session';
import type { SessionDetail } from '../../../shared/api/sessions';
import type { HandlerMap, HostContext } from '../context';
import { requireEditable, requireSession } from './guards';
import { writeTransaction } from '../db/write';

export function sessionDetail(host: HostContext, id: string): SessionDetail {
  const session = requireSession(host.repos, id);
  return {
    session,
    roles: host.repos.roles.list(id),
    participants: host.repos.participants.list(id),
    goals: host.repos.goals.list(id),
  };
}

function checkDuties(host: HostContext, sessionId: string, patch: SessionPatch) {
  for (const field of ['facilitatorId', 'productOwnerId'] as const) {
    const participantId = patch[field];
    if (participantId == null) continue;
    const p = host.repos.participants.get(participantId);
    if (!p || p.sessionId !== sessionId) {
      const message = 'Not a participant of this session';
      throw ApiError.field(`patch.${field}`, message);
    }
  }
}

export const sessionHandlers: HandlerMap<
  | 'sessions.list'
  | 'sessions.get'
  | 'sessions.create'
  | 'sessions.update'
  | 'sessions.duplicate'
  | 'sessions.archive'
  | 'sessions.delete'
> = {
  'sessions.list': (args, host) => {
    const sessions = host.repos.sessions.list(args);
    const ids = sessions.map((s) => s.id);
    const participants = host.repos.participants.countBySession(ids);
    const goals = host.repos.goals.countBySession(ids);
    return sessions.map((s) => ({
      ...s,
      participantCount: participants.get(s.id) ?? 0,
      goalCount: goals.get(s.id) ?? 0,
    }));
  },

  'sessions.get': (args, host) => sessionDetail(host, args.id),

  'sessions.create': (args, host) => {
    if (args.facilitatorId || args.productOwnerId) {
      throw new ApiError('invalid_argument', 'A new session has no participants to assign yet');
    }
    const fields: SessionFields = { ...SESSION_DEFAULTS, ...args };
    const session = writeTransaction(host.db, () => {
      const s = host.repos.sessions.insert(fields);
      host.repos.roles.insertAll(s.id);
      return s;
    });
    host.emit({ event: 'sessions.changed', payload: { sessionId: session.id, change: 'created' } });
    return sessionDetail(host, session.id);
  },

  'sessions.update': (args, host) => {
    const current = requireSession(host.repos, args.id);
    const keys = Object.keys(args.patch);
    // The flag and the release under test may still be named after the run, until a decision
    // about them is signed; everything else belongs to Prepare.
    if (
      current.status !== 'draft' &&
      keys.length > 0 &&
      keys.every((k) => k === 'flagKey' || k === 'release')
    ) {
      if (current.archivedAt)
        throw new ApiError('conflict', `"${current.title}" is archived; unarchive it to edit it`);
      if (host.repos.debrief.decisions(args.id).length > 0)
        throw new ApiError(
          'conflict',
          'A decision is signed for this flag and release; they stay as signed',
        );
    } else requireEditable(host.repos, args.id);
    checkDuties(host, args.id, args.patch);
    if (args.patch.noteWriters === 'note-taker') {
      const hasNoteTaker = host.repos.roles.list(args.id).some((r) => r.key === 'note-taker');
      if (!hasNoteTaker) {
        const message =
          'There is no note-taker role; add it back or let the driver or everyone write notes';
        throw ApiError.field('patch.noteWriters', message);
      }
    }
    const session = host.repos.sessions.update(args.id, args.patch);
    host.emit({ event: 'sessions.changed', payload: { sessionId: args.id, change: 'updated' } });
    return session;
  },

  'sessions.duplicate': (args, host) => {
    const source = sessionDetail(host, args.id);
    const copyId = writeTransaction(host.db, () => {
      const {
        id: _id,
        status: _s,
        archivedAt: _a,
        templateOf: _t,
        createdAt: _c,
        updatedAt: _u,
        ...fields
      } = source.session;
      const copy = host.repos.sessions.insert(
        {
          ...fields,
          title: `${fields.title} (copy)`.slice(0, 200),
          plannedStart: null,
          facilitatorId: null,
          productOwnerId: null,
        },
        source.session.id,
      );
      host.repos.roles.insertAll(copy.id, source.roles);
      const idMap = new Map<string, string>();
      for (const p of source.participants) {
        idMap.set(p.id, host.repos.participants.insert(copy.id, p).id);
      }
      for (const g of source.goals) host.repos.goals.insert(copy.id, g);
      host.repos.sessions.update(copy.id, {
        facilitatorId: source.session.facilitatorId
          ? (idMap.get(source.session.facilitatorId) ?? null)
          : null,
        productOwnerId: source.session.productOwnerId
          ? (idMap.get(source.session.productOwnerId) ?? null)
          : null,
      });
      return copy.id;
    });
    host.emit({ event: 'sessions.changed', payload: { sessionId: copyId, change: 'created' } });
    return sessionDetail(host, copyId);
  },

  'sessions.archive': (args, host) => {
    requireSession(host.repos, args.id);
    const session = host.repos.sessions.setArchived(args.id, args.archived);
    host.emit({ event: 'sessions.changed', payload: { sessionId: args.id, change: 'updated' } });
    return session;
  },

  'sessions.delete': (args, host) => {
    requireSession(host.repos, args.id);
    writeTransaction(host.db, () => host.repos.sessions.delete(args.id));
    host.emit({ event: 'sessions.changed', payload: { sessionId: args.id, change: 'deleted' } });
    return { deleted: true };
  },
};
