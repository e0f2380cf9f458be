import type { EnsembleBridge } from '../../shared/api/bridge';
import { createApiClient, type ApiClient } from './client';
import { createIpcTransport } from './ipcTransport';
import { createOffThreadPost, startCallWorker } from './offThreadPost';
import { createWebTransport } from './webTransport';

const TOKEN_KEY = 'ensemble.token';
/** A personal link's token: in this tab only (see personalToken). */
const PERSONAL_KEY = 'ensemble.personal';
/** `#/join?t=<token>`: a personal link as the facilitator shared it. */
const LINK_HASH = /^#\/join\?t=(ens_p_[A-Za-z0-9_-]{43})$/;
/** `#/join/<session id>`: the page to ask to join without a link. */
const JOIN_HASH = /^#\/join\/([0-9A-HJKMNP-TV-Z]{26})$/;

declare global {
  interface Window {
    ensemble?: EnsembleBridge;
  }
}

export type Boot =
  | { client: ApiClient; mode: 'desktop' | 'web'; personal: boolean }
  | { needsToken: true }
  | { join: string };

/**
 * Desktop: the preload bridge. Web: the host's token from the link printed by `npm run web`,
 * kept in localStorage; or a personal link's token, kept in sessionStorage. Either is removed
 * from the address bar so a screen share does not show it.
 *
 * Personal tokens stay in the tab that opened the link (sessionStorage survives reloads and
 * a restored tab, not a new one): a facilitator who opens someone's link to try it keeps their
 * own other tabs as they were, and on a shared computer the person is gone with the tab. The
 * link opens the session again whenever it is needed.
 */
export function bootstrapClient(): Boot {
  if (window.ensemble)
    return {
      client: createApiClient(createIpcTransport(window.ensemble)),
      mode: 'desktop',
      personal: false,
    };
  const url = new URL(window.location.href);
  const link = LINK_HASH.exec(url.hash);
  if (link) {
    sessionStorage.setItem(PERSONAL_KEY, link[1]!);
    history.replaceState(history.state, '', `${url.pathname}${url.search}#/`);
  }
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    localStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + (link ? '#/' : url.hash));
  }
  const personal = sessionStorage.getItem(PERSONAL_KEY);
  const join = JOIN_HASH.exec(url.hash);
  if (join && !personal) return { join: join[1]! };
  const token = personal ?? localStorage.getItem(TOKEN_KEY);
  if (!token) return { needsToken: true };
  return {
    client: createApiClient(
      createWebTransport({
        baseUrl: window.location.origin,
        token,
        offThread: (onPage) => createOffThreadPost(startCallWorker, onPage),
      }),
    ),
    mode: 'web',
    personal: personal !== null,
  };
}

/** Keeps the token an admitted join request brought, as if its link had been opened here. */
export function keepPersonalToken(token: string): void {
  sessionStorage.setItem(PERSONAL_KEY, token);
}

export function forgetToken(): void {
  if (sessionStorage.getItem(PERSONAL_KEY)) sessionStorage.removeItem(PERSONAL_KEY);
  else localStorage.removeItem(TOKEN_KEY);
}

/** Whether this tab holds a personal link. */
export const holdsPersonalLink = (): boolean =>
  typeof sessionStorage !== 'undefined' && sessionStorage.getItem(PERSONAL_KEY) !== null;

/**
 * Web mode keeps its shell in a service worker (sw.js) so a page opened while the host is down
 * can still say so and recover. Browsers allow one on loopback and HTTPS only; elsewhere the
 * page simply needs the host to load.
 */
export function keepShellForOffline(): void {
  if (window.ensemble || !window.isSecureContext || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('./sw.js').catch((error: unknown) => {
    console.warn('[ensemble] the page cannot be kept for offline starts', error);
  });
}
