import { ApiError } from '../../../shared/api/errors';
import type { ShareRequest, Sharing } from '../../../shared/domain/links';
import type { HostContext } from '../context';

/** What serves personal links: the desktop app's participant server, or web mode's fixed one. */
export type SharingControl = {
  state(): Sharing;
  /** Starts, changes or stops serving; resolves with the new state. Throws ApiError. */
  set(request: ShareRequest): Promise<Sharing>;
};

export const requestedState = (request: ShareRequest): Sharing['state'] =>
  'off' in request ? 'off' : request.network ? 'network' : 'loopback';

/**
 * Sharing as the host was started with it, which this app cannot change: web mode's own server
 * (host.info.share, set by web.ts), or nothing at all (the CLI, a desktop app before its
 * participant server is set up). Asking for what it already is answers that; anything else is
 * refused with what to do instead.
 */
export function fixedSharing(info: HostContext['info']): SharingControl {
  const state = (): Sharing => {
    const share = info.share;
    if (!share) return { state: 'off', origin: null, changeable: false };
    return {
      state: share.remote ? 'network' : 'loopback',
      origin: share.origin,
      changeable: false,
    };
  };
  return {
    state,
    async set(request) {
      const now = state();
      const wanted = requestedState(request);
      if (wanted === now.state) return now;
      throw new ApiError('conflict', refusal(info.mode, now, wanted));
    },
  };
}

function refusal(mode: HostContext['info']['mode'], now: Sharing, wanted: Sharing['state']) {
  if (mode !== 'web' || now.origin === null)
    return 'This Ensemble cannot share personal links: open them from the desktop app or web mode';
  if (wanted === 'off')
    return `Web mode shares at ${now.origin} while it runs; stop it to stop sharing`;
  if (wanted === 'network')
    return `Web mode shares at ${now.origin}, on this machine only; restart it with --host 0.0.0.0 --allow-remote to let other machines join`;
  return `Web mode shares at ${now.origin} with other machines; restart it without --allow-remote to share on this machine only`;
}
