/**
 * The API's method names and IPC channel names, free of schemas so that the sandboxed preload
 * stays small. contract.ts must define exactly these methods (checked by the compiler).
 */
export const METHOD_NAMES = [
  'app.info',
  'sessions.list',
  'sessions.get',
  'sessions.create',
  'sessions.update',
  'sessions.duplicate',
  'sessions.archive',
  'sessions.delete',
  'sessions.createDemo',
  'roles.set',
  'participants.add',
  'participants.update',
  'participants.remove',
  'participants.reorder',
  'goals.add',
  'goals.update',
  'goals.remove',
  'goals.reorder',
  'goals.vote',
  'goals.previewImport',
  'goals.import',
  'goals.exportCsv',
  'run.state',
  'run.start',
  'run.pause',
  'run.resume',
  'run.end',
  'run.rotate',
  'run.skip',
  'run.rejoin',
  'run.swap',
  'run.shuffle',
  'run.removeFromRotation',
  'run.skipBreak',
  'run.setAutoRotate',
  'run.focusGoal',
  'run.apply',
  'run.timeline',
  'notes.history',
  'screenshots.upload',
  'screenshots.get',

  'feeds.query',
  'sources.list',
  'sources.add',
  'sources.remove',
  'sources.setEnabled',
  'feeds.groups',
  'feeds.rate',
  'feeds.status',
  'feeds.getSettings',
  'feeds.updateSettings',
  'dev.advanceClock',
] as const;
export type MethodName = (typeof METHOD_NAMES)[number];

export const isMethodName = (name: string): name is MethodName =>
  (METHOD_NAMES as readonly string[]).includes(name);

export const EVENT_CHANNEL = 'ensemble:event';
export const DESKTOP_CHANNELS = {
  sources: 'ensemble:desktop:sources',
  capture: 'ensemble:desktop:capture',
  mini: 'ensemble:desktop:mini',
} as const;
export const methodChannel = (method: MethodName) => `ensemble:call:${method}`;
