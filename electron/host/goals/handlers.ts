import { ApiError } from '../../../shared/api/errors';
import { actorOf, type HandlerMap, type HostContext } from '../context';
import { record } from '../run/service';
import { removeFromList, reorderList, touchSession } from '../sessions/lists';
import { requireEditable, requireEditableOrLive, requireSession } from '../sessions/guards';
import { csvFilename, goalsToCsv } from './export';
import { parseGoalImport } from './import';
import { writeTransaction } from '../db/write';

const MAX_GOALS = 500;

function requireGoal(host: HostContext, id: string) {
  const goal = host.repos.goals.get(id);
  if (!goal) throw new ApiError('not_found', `Goal ${id} not found`);
  return goal;
}

function requireRoom(host: HostContext, sessionId: string, adding: number) {
  const count = host.repos.goals.list(sessionId).length;
  if (count + adding > MAX_GOALS) {
    throw new ApiError('conflict', `A session has at most ${MAX_GOALS} goals (it has ${count})`);
  }
}

export const goalHandlers: HandlerMap<
  | 'goals.add'
  | 'goals.update'
  | 'goals.remove'
  | 'goals.reorder'
  | 'goals.vote'
  | 'goals.previewImport'
  | 'goals.import'
  | 'goals.exportCsv'
> = {
  'goals.add': (args, host, caller) => {
    const { sessionId, ...fields } = args;
    const { live } = requireEditableOrLive(host.repos, sessionId);
    requireRoom(host, sessionId, 1);
    const goal = host.repos.goals.insert(sessionId, fields, live);
    touchSession(host, sessionId);
    if (live)
      record(
        host,
        sessionId,
        [{ type: 'goal.added', payload: { goalId: goal.id } }],
        actorOf(caller),
      );
    return goal;
  },

  'goals.update': (args, host) => {
    const current = requireGoal(host, args.id);
    requireEditable(host.repos, current.sessionId);
    const goal = host.repos.goals.update(args.id, args.patch);
    touchSession(host, current.sessionId);
    return goal;
  },

  'goals.remove': (args, host) => {
    const current = requireGoal(host, args.id);
    return removeFromList(host, current.sessionId, host.repos.goals, args.id);
  },

  'goals.reorder': (args, host) =>
    reorderList(host, args.sessionId, 'goal', host.repos.goals, args.orderedIds),

  'goals.vote': (args, host) => {
    const goal = requireGoal(host, args.goalId);
    const session = requireEditable(host.repos, goal.sessionId);
    const voter = host.repos.participants.get(args.participantId);
    if (!voter || voter.sessionId !== goal.sessionId) {
      const message = 'Not a participant of this session';
      throw ApiError.field('participantId', message);
    }
    writeTransaction(host.db, () => {
      const on = host.repos.goals.dotsOn(goal.id, voter.id);
      if (args.delta === 1) {
        const used = host.repos.goals.dotsUsedBy(voter.id);
        if (used >= session.votesPerParticipant) {
          throw new ApiError(
            'conflict',
            `${voter.name} has used all ${session.votesPerParticipant} dots; take one back from another goal first`,
          );
        }
      } else if (on === 0) {
        throw new ApiError('conflict', `${voter.name} has no dot on this goal`);
      }
      host.repos.goals.setDots(goal.id, voter.id, on + args.delta);
    });
    touchSession(host, goal.sessionId);
    return host.repos.goals.get(goal.id)!;
  },

  'goals.previewImport': (args, host) => {
    requireSession(host.repos, args.sessionId);
    return parseGoalImport(args.format, args.text);
  },

  'goals.import': (args, host) => {
    requireEditable(host.repos, args.sessionId);
    const preview = parseGoalImport(args.format, args.text);
    if (preview.accepted.length === 0) {
      throw new ApiError('invalid_argument', 'Nothing to import: every row was rejected');
    }
    requireRoom(host, args.sessionId, preview.accepted.length);
    const imported = writeTransaction(host.db, () =>
      preview.accepted.map(({ line: _line, ...fields }) =>
        host.repos.goals.insert(args.sessionId, fields),
      ),
    );
    touchSession(host, args.sessionId);
    return { imported, rejected: preview.rejected };
  },

  'goals.exportCsv': (args, host) => {
    const session = requireSession(host.repos, args.sessionId);
    return {
      filename: csvFilename(session.title),
      csv: goalsToCsv(host.repos.goals.list(session.id)),
    };
  },
};
