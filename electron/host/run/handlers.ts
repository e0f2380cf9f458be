import crypto from 'node:crypto';
import { ApiError } from '../../../shared/api/errors';
import { DEFAULT_BREAK_MINUTES } from '../../../shared/domain/run';
import { actorOf, type HandlerMap, type HostContext } from '../context';
import { requirePreflight } from '../preflight/handlers';
import { requireEditable } from '../sessions/guards';
import { activeRoster, breakDue, foldRotation } from './rotation';
import { queueEndOf, record, requireStatus, runInputs, runSnapshot } from './service';

const LIVE = ['running', 'paused'] as const;

function rotationOf(host: HostContext, sessionId: string) {
  return foldRotation(runInputs(host, sessionId).events);
}

function nameOf(host: HostContext, participantId: string) {
  return host.repos.participants.get(participantId)?.name ?? 'That participant';
}

export const runHandlers: HandlerMap<
  | 'run.state'
  | 'run.start'
  | 'run.pause'
  | 'run.resume'
  | 'run.end'
  | 'run.rotate'
  | 'run.skip'
  | 'run.rejoin'
  | 'run.swap'
  | 'run.shuffle'
  | 'run.removeFromRotation'
  | 'run.skipBreak'
  | 'run.setAutoRotate'
  | 'run.focusGoal'
> = {
  'run.state': (args, host) => runSnapshot(host, args.sessionId),

  'run.start': async (args, host, caller) => {
    requireEditable(host.repos, args.sessionId);
    const participants = host.repos.participants.list(args.sessionId);
    if (participants.length < 2) {
      throw new ApiError(
        'conflict',
        'A session needs at least two participants to start: one drives, one navigates',
      );
    }
    await requirePreflight(host, args.sessionId);
    // The pre-flight waited on the flag system: another call may have started the session since.
    requireEditable(host.repos, args.sessionId);
    return record(
      host,
      args.sessionId,
      [{ type: 'session.started', payload: { order: participants.map((p) => p.id) } }],
      actorOf(caller),
    );
  },

  'run.pause': (args, host, caller) => {
    requireStatus(
      host,
      args.sessionId,
      ['running'],
      args.reason === 'break' ? 'start a break' : 'pause',
    );
    if (args.minutes !== undefined && args.reason !== 'break')
      throw ApiError.field('minutes', 'Only a break has a length');
    const payload =
      args.reason === 'break'
        ? { reason: args.reason, minutes: args.minutes ?? DEFAULT_BREAK_MINUTES }
        : { reason: args.reason };
    return record(host, args.sessionId, [{ type: 'session.paused', payload }], actorOf(caller));
  },

  'run.resume': (args, host, caller) => {
    requireStatus(host, args.sessionId, ['paused'], 'resume');
    return record(
      host,
      args.sessionId,
      [{ type: 'session.resumed', payload: {} }],
      actorOf(caller),
    );
  },

  'run.end': (args, host, caller) => {
    requireStatus(host, args.sessionId, LIVE, 'end the session');
    return record(host, args.sessionId, [{ type: 'session.ended', payload: {} }], actorOf(caller));
  },

  'run.rotate': (args, host, caller) => {
    requireStatus(host, args.sessionId, LIVE, 'rotate');
    if (activeRoster(rotationOf(host, args.sessionId)).length < 2) {
      throw new ApiError('conflict', 'Cannot rotate: fewer than two people are in the rotation');
    }
    return record(
      host,
      args.sessionId,
      [{ type: 'rotation.rotated', payload: { reason: 'manual' } }],
      actorOf(caller),
    );
  },

  'run.skip': (args, host, caller) => {
    requireStatus(host, args.sessionId, LIVE, 'skip someone');
    if (!activeRoster(rotationOf(host, args.sessionId)).includes(args.participantId)) {
      throw ApiError.field(
        'participantId',
        `${nameOf(host, args.participantId)} is not in the rotation right now`,
      );
    }
    return record(
      host,
      args.sessionId,
      [{ type: 'rotation.skipped', payload: { participantId: args.participantId } }],
      actorOf(caller),
    );
  },

  'run.rejoin': (args, host, caller) => {
    requireStatus(host, args.sessionId, LIVE, 'take someone back');
    const rotation = rotationOf(host, args.sessionId);
    if (!rotation.away.has(args.participantId) || rotation.removed.has(args.participantId)) {
      throw ApiError.field(
        'participantId',
        `${nameOf(host, args.participantId)} has not stepped away`,
      );
    }
    return record(
      host,
      args.sessionId,
      [
        {
          type: 'rotation.rejoined',
          payload: {
            participantId: args.participantId,
            before: queueEndOf(host, args.sessionId),
          },
        },
      ],
      actorOf(caller),
    );
  },

  'run.swap': (args, host, caller) => {
    requireStatus(host, args.sessionId, LIVE, 'swap');
    if (args.a === args.b) throw ApiError.field('b', 'Choose two different people');
    const rotation = rotationOf(host, args.sessionId);
    for (const key of ['a', 'b'] as const) {
      const id = args[key];
      if (!rotation.order.includes(id) || rotation.removed.has(id))
        throw ApiError.field(key, `${nameOf(host, id)} is not in the rotation`);
    }
    return record(
      host,
      args.sessionId,
      [{ type: 'rotation.swapped', payload: { a: args.a, b: args.b } }],
      actorOf(caller),
    );
  },

  'run.shuffle': (args, host, caller) => {
    requireStatus(host, args.sessionId, LIVE, 'shuffle');
    const order = [...rotationOf(host, args.sessionId).order];
    for (let i = order.length - 1; i > 0; i--) {
      const j = crypto.randomInt(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    return record(
      host,
      args.sessionId,
      [{ type: 'rotation.shuffled', payload: { order } }],
      actorOf(caller),
    );
  },

  'run.removeFromRotation': (args, host, caller) => {
    requireStatus(host, args.sessionId, LIVE, 'remove someone from the rotation');
    const rotation = rotationOf(host, args.sessionId);
    if (!rotation.order.includes(args.participantId) || rotation.removed.has(args.participantId)) {
      throw ApiError.field(
        'participantId',
        `${nameOf(host, args.participantId)} is not in the rotation`,
      );
    }
    return record(
      host,
      args.sessionId,
      [{ type: 'roster.removed', payload: { participantId: args.participantId } }],
      actorOf(caller),
    );
  },

  'run.skipBreak': (args, host, caller) => {
    const session = requireStatus(host, args.sessionId, ['running'], 'skip the break');
    if (!breakDue(rotationOf(host, args.sessionId), session.breakEvery))
      throw new ApiError('conflict', 'No break is due');
    return record(host, args.sessionId, [{ type: 'break.skipped', payload: {} }], actorOf(caller));
  },

  'run.setAutoRotate': (args, host) => {
    requireStatus(host, args.sessionId, ['draft', 'running', 'paused'], 'change auto-rotate');
    host.repos.sessions.update(args.sessionId, { autoRotate: args.autoRotate });
    host.runChanged(args.sessionId);
    return runSnapshot(host, args.sessionId);
  },

  'run.focusGoal': (args, host, caller) => {
    requireStatus(host, args.sessionId, LIVE, 'focus a goal');
    if (args.goalId !== null) {
      const goal = host.repos.goals.get(args.goalId);
      if (!goal || goal.sessionId !== args.sessionId)
        throw ApiError.field('goalId', 'Not a goal of this session');
    }
    return record(
      host,
      args.sessionId,
      [{ type: 'goal.focused', payload: { goalId: args.goalId } }],
      actorOf(caller),
    );
  },
};
