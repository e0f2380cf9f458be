import type { EnsembleBridge } from '../../shared/api/bridge';
import { createApiClient, type ApiClient } from './client';
import { createIpcTransport } from './ipcTransport';
import { createWebTransport } from './webTransport';

const TOKEN_KEY = 'ensemble.token';

declare global {
  interface Window {
    ensemble?: EnsembleBridge;
  }
}

/**
 * Desktop: the preload bridge. Web: the token from the link printed by `npm run web`, kept in
 * localStorage and removed from the address bar so it is not shared by a screen share.
 */
export function bootstrapClient():
  { client: ApiClient; mode: 'desktop' | 'web' } | { needsToken: true } {
  if (window.ensemble)
    return { client: createApiClient(createIpcTransport(window.ensemble)), mode: 'desktop' };
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    localStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  }
  const token = fromUrl ?? localStorage.getItem(TOKEN_KEY);
  if (!token) return { needsToken: true };
  return {
    client: createApiClient(createWebTransport({ baseUrl: window.location.origin, token })),
    mode: 'web',
  };
}

export function forgetToken(): void {
  localStorage.removeItem(TOKEN_KEY);
}

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
