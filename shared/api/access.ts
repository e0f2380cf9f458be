import type { Capability } from '../domain/links';
import type { Assert, SameKeys } from './common';
import type { MethodName } from './methods';

/**
 * Where a method's arguments name its session, so that a personal link reaches only its own:
 * `sessionId` (or `session:id`) directly, or through a participant, goal, note, finding or
 * source they name; `none`: not about one session.
 */
export type SessionLocator =
  | 'sessionId'
  | 'session:id'
  | 'participant:id'
  | 'goal:id'
  | 'goal:goalId'
  | 'note:noteId'
  | 'finding:id'
  | 'finding:targetId'
  | 'source:id'
  | 'none';

/**
 * What calling a method takes, part of the contract: the capability (see shared/domain/links.ts),
 * where the session is, and `self`: arguments that name a participant who must be the caller
 * when a personal link calls (dotted paths; a facilitator may name anyone).
 */
export type Access = {
  needs: Capability;
  session: SessionLocator;
  self?: readonly string[];
};

const view = (session: SessionLocator): Access => ({ needs: 'view', session });
const facilitate = (session: SessionLocator): Access => ({ needs: 'facilitate', session });
const HOST: Access = { needs: 'host', session: 'none' };

/** Every method's access; the dispatcher enforces it for every transport. */
export const ACCESS = {
  'app.info': view('none'),
  'app.backups': HOST,
  'app.restoreBackup': HOST,
  'sessions.list': HOST,
  'sessions.get': view('session:id'),
  'sessions.create': HOST,
  // Who facilitates and who signs is the host's app's choice only (checked with the patch).
  'sessions.update': facilitate('session:id'),
  'sessions.duplicate': HOST,
  'sessions.archive': HOST,
  'sessions.delete': HOST,
  'sessions.createDemo': HOST,
  'roles.set': facilitate('sessionId'),
  'participants.add': facilitate('sessionId'),
  'participants.update': facilitate('participant:id'),
  'participants.remove': facilitate('participant:id'),
  'participants.reorder': facilitate('sessionId'),
  // Goals are collected from everyone: anyone proposes one and places their own dots.
  'goals.add': { needs: 'contribute', session: 'sessionId' },
  'goals.update': facilitate('goal:id'),
  'goals.remove': facilitate('goal:id'),
  'goals.reorder': facilitate('sessionId'),
  'goals.vote': { needs: 'contribute', session: 'goal:goalId', self: ['participantId'] },
  'goals.previewImport': facilitate('sessionId'),
  'goals.import': facilitate('sessionId'),
  'goals.exportCsv': view('sessionId'),
  'preflight.get': view('sessionId'),
  'preflight.run': facilitate('sessionId'),
  'preflight.setSettings': facilitate('sessionId'),
  'preflight.setChecklist': facilitate('sessionId'),
  // Each guardrail is ticked by a named person: on a personal link, by its holder.
  'preflight.tick': { needs: 'contribute', session: 'sessionId', self: ['participantId'] },
  'preflight.override': { needs: 'facilitate', session: 'sessionId', self: ['participantId'] },
  'run.state': view('sessionId'),
  'run.start': facilitate('sessionId'),
  'run.pause': facilitate('sessionId'),
  'run.resume': facilitate('sessionId'),
  'run.end': facilitate('sessionId'),
  'run.rotate': facilitate('sessionId'),
  'run.skip': facilitate('sessionId'),
  'run.rejoin': facilitate('sessionId'),
  'run.swap': facilitate('sessionId'),
  'run.shuffle': facilitate('sessionId'),
  'run.removeFromRotation': facilitate('sessionId'),
  'run.skipBreak': facilitate('sessionId'),
  'run.setAutoRotate': facilitate('sessionId'),
  'run.focusGoal': facilitate('sessionId'),
  // Each op is checked too: written as the link's holder, own notes edited, pins by anyone.
  'notes.apply': { needs: 'contribute', session: 'sessionId' },
  'notes.timeline': view('sessionId'),
  // Only of oneself on a personal link: "I am still finishing my note".
  'notes.finishing': { needs: 'contribute', session: 'sessionId', self: ['participantId'] },
  'notes.history': view('note:noteId'),
  'screenshots.upload': { needs: 'contribute', session: 'sessionId' },
  'screenshots.get': view('sessionId'),
  'feeds.query': view('sessionId'),
  'sources.list': view('sessionId'),
  'sources.add': facilitate('sessionId'),
  'sources.remove': facilitate('source:id'),
  'sources.setEnabled': facilitate('source:id'),
  'sources.setTenancy': facilitate('source:id'),
  'feeds.groups': view('sessionId'),
  'feeds.rate': view('sessionId'),
  'feeds.status': view('sessionId'),
  'feeds.getSettings': view('sessionId'),
  'feeds.updateSettings': facilitate('sessionId'),
  'debrief.get': view('sessionId'),
  'debrief.createFinding': facilitate('sessionId'),
  'debrief.updateFinding': facilitate('finding:id'),
  'debrief.removeFinding': facilitate('finding:id'),
  'debrief.mergeFindings': facilitate('finding:targetId'),
  'debrief.setOutcome': facilitate('sessionId'),
  'debrief.updateText': facilitate('sessionId'),
  'debrief.dismissNote': facilitate('sessionId'),
  'debrief.metrics': view('sessionId'),
  'decision.updateRollout': facilitate('sessionId'),
  'decision.recommend': view('sessionId'),
  'decision.sign': { needs: 'sign', session: 'sessionId', self: ['decision.approverId'] },
  'decision.history': view('sessionId'),
  'decision.gate': view('sessionId'),
  // Public keys: no data, served without a token too (GET /api/keys).
  'decision.keys': { needs: 'view', session: 'none' },
  'exports.render': view('sessionId'),
  'exports.print': view('sessionId'),
  'links.me': view('none'),
  'links.list': HOST,
  'links.issue': HOST,
  'links.revoke': HOST,
  'links.admit': HOST,
  'links.refuse': HOST,
  'links.sharing': HOST,
  'links.share': HOST,
  'dev.advanceClock': HOST,
} as const satisfies Record<MethodName, Access>;

/** No method without a declaration, and none declared that does not exist. */
type _EveryMethodDeclared = Assert<SameKeys<typeof ACCESS, Record<MethodName, unknown>>>;

export const accessOf = (method: MethodName): Access => ACCESS[method];
