import { ApiError } from '../../../../shared/api/errors';
import type { HandlerMap, HostContext } from '../../context';
import { requireSession } from '../../sessions/guards';

function requireSource(host: HostContext, id: string) {
  const source = host.sources.get(id);
  if (!source) throw new ApiError('not_found', 'Source not found');
  return source;
}

/**
 * A source runs a command, reads a file or sends credentials to an API from this machine: only
 * the desktop app or a browser on this machine may set one up or turn one on.
 */
export function requireLocal(caller: { remote?: boolean }, what: string) {
  if (caller.remote)
    throw new ApiError(
      'unauthorized',
      `${what} only from the desktop app or a browser on the machine running Ensemble`,
    );
}

export const sourceHandlers: HandlerMap<
  'sources.list' | 'sources.add' | 'sources.remove' | 'sources.setEnabled' | 'sources.setTenancy'
> = {
  'sources.list': (args, host) => {
    requireSession(host.repos, args.sessionId);
    return host.sources.list(args.sessionId);
  },
  'sources.add': (args, host, caller) => {
    const session = requireSession(host.repos, args.sessionId);
    if (session.status === 'ended') throw new ApiError('conflict', 'The session has ended');
    requireLocal(caller, 'Sources can be added');
    return host.sources.add(args.sessionId, session.tenantId, args.source);
  },
  'sources.remove': (args, host, caller) => {
    requireSource(host, args.id);
    requireLocal(caller, 'Sources can be removed');
    host.sources.remove(args.id);
    return { removed: true };
  },
  'sources.setEnabled': (args, host, caller) => {
    requireSource(host, args.id);
    if (args.enabled) requireLocal(caller, 'Sources can be turned on');
    host.sources.setEnabled(args.id, args.enabled);
    return requireSource(host, args.id);
  },
  'sources.setTenancy': (args, host, caller) => {
    requireSource(host, args.id);
    // Single-tenant lets lines that name no tenant in: as much trust as adding the source.
    requireLocal(caller, 'Sources can be changed');
    host.sources.setTenancy(args.id, args.tenancy);
    return requireSource(host, args.id);
  },
};
