/* global self, caches */
// Ensemble's service worker (web mode, on loopback or HTTPS). It keeps the app shell and its
// hashed files, so a page opened or reloaded while the host is down still starts, says it is
// waiting for the host and loads by itself when the host returns. The shell is always asked of
// the host first (a new build is never hidden by a kept one); the API never passes through here.
const CACHE = 'ensemble-shell-v1';
const SHELL_KEY = '/'; // one shell, kept without the address it came from (it may carry the token)

self.addEventListener('install', (event) => {
  // API calls, events and printable reports bypass this worker entirely where the browser can.
  try {
    event.addRoutes?.([
      { condition: { urlPattern: new URLPattern({ pathname: '/api/*' }) }, source: 'network' },
      { condition: { urlPattern: new URLPattern({ pathname: '/print/*' }) }, source: 'network' },
    ]);
  } catch {
    // older browsers: the fetch handler below leaves these alone
  }
  // The page that registered this worker loaded before it: keep its shell and files now.
  event.waitUntil(keepShell().finally(() => self.skipWaiting()));
});

async function keepShell() {
  try {
    await shell(new Request(SHELL_KEY, { cache: 'no-cache' }));
    const cache = await caches.open(CACHE);
    const html = await (await cache.match(SHELL_KEY))?.text();
    const named = html?.match(/assets\/[\w.-]+/g) ?? [];
    await Promise.all(named.map((path) => asset(new Request(`/${path}`))));
  } catch {
    // the host went away meanwhile: the next load keeps them
  }
}

self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/print/')) return;
  if (request.mode === 'navigate') event.respondWith(shell(request));
  else if (url.pathname.startsWith('/assets/')) event.respondWith(asset(request));
});

async function shell(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    const type = response.headers.get('content-type') ?? '';
    if (response.ok && type.startsWith('text/html')) {
      await cache.put(SHELL_KEY, response.clone());
      await forgetOldAssets(cache, await response.clone().text());
    }
    return response;
  } catch (error) {
    const kept = await cache.match(SHELL_KEY);
    if (kept) return kept;
    throw error;
  }
}

/** Hashed files never change: the kept copy is as good as the host's. */
async function asset(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request, { ignoreSearch: true });
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

/** Only the files the current shell names are kept (a build has one script and one sheet). */
async function forgetOldAssets(cache, html) {
  const named = new Set(html.match(/assets\/[\w.-]+/g) ?? []);
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (path.startsWith('/assets/') && !named.has(path.slice(1))) await cache.delete(request);
  }
}
