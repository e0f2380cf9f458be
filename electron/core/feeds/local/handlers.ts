import { ApiError } from '../../../../shared/api/errors';
import type { HandlerMap, HostContext } from '../../api/types';
import { requireSession } from '../../sessions/guards';

function requireSource(host: HostContext, id: string) {
  const source = host.localSources.get(id);
  if (!source) throw new ApiError('not_found', 'Source not found');
  return source;
}

export const sourceHandlers: HandlerMap<
  'sources.list' | 'sources.add' | 'sources.remove' | 'sources.setEnabled'
> = {
  'sources.list': (args, host) => {
    requireSession(host.repos, args.sessionId);
    return host.localSources.list(args.sessionId);
  },
  'sources.add': (args, host, caller) => {
    const session = requireSession(host.repos, args.sessionId);
    if (session.status === 'ended') throw new ApiError('conflict', 'The session has ended');
    // Running a command is running code on this machine: only from this machine itself.
    if (args.source.kind === 'command' && caller.remote) {
      throw new ApiError(
        'unauthorized',
        'Command sources can be added only from the desktop app or a browser on the machine running Ensemble',
      );
    }
    return host.localSources.add(args.sessionId, args.source);
  },
  'sources.remove': (args, host) => {
    requireSource(host, args.id);
    host.localSources.remove(args.id);
    return { removed: true };
  },
  'sources.setEnabled': (args, host, caller) => {
    const source = requireSource(host, args.id);
    if (source.kind === 'command' && args.enabled && caller.remote) {
      throw new ApiError(
        'unauthorized',
        'Command sources can be turned on only from the machine running Ensemble',
      );
    }
    host.localSources.setEnabled(args.id, args.enabled);
    return requireSource(host, args.id);
  },
};
