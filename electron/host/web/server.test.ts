import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createTempHost, tempDataDir } from '../../../test-support/tempHost';
import { startWebServer, type WebServer } from './server';

const TOKEN = 'test-token-0123456789abcdefghijklmnop';
let host: ReturnType<typeof createTempHost>;
let server: WebServer;
let base: string;
let staticDir: string;

beforeEach(async () => {
  host = createTempHost();
  staticDir = tempDataDir('ensemble-static-');
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Ensemble</title>');
  fs.mkdirSync(path.join(staticDir, 'assets'));
  fs.writeFileSync(path.join(staticDir, 'assets', 'index-Bx3k9_Qa.js'), 'export {};');
  fs.writeFileSync(path.join(staticDir, 'favicon.svg'), '<svg/>');
  server = await startWebServer({ host, hostname: '127.0.0.1', port: 0, token: TOKEN, staticDir });
  base = `http://127.0.0.1:${server.port}`;
});
afterEach(async () => {
  await server.close();
  host.dispose();
  fs.rmSync(staticDir, { recursive: true, force: true });
});

const call = (
  method: string,
  body: unknown,
  token: string | null = TOKEN,
  extra: Record<string, string> = {},
) =>
  fetch(`${base}/api/${method}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...extra,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

/** A raw request with a chosen Host header (fetch will not let us set it). */
const rawGet = (pathname: string, hostHeader: string) =>
  new Promise<number>((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: server.port, path: pathname, headers: { Host: hostHeader } },
      (res) => {
        res.resume();
        resolve(res.statusCode!);
      },
    );
    req.on('error', reject);
    req.end();
  });

describe('web server', () => {
  it('prints a token URL and answers health without a token', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${TOKEN}`);
    const res = await fetch(`${base}/api/health`);
    expect(await res.json()).toEqual({ ok: true, version: host.info.version });
  });

  it('refuses API calls without the right token (401) and serves them with it', async () => {
    expect((await call('sessions.list', {}, null)).status).toBe(401);
    expect((await call('sessions.list', {}, TOKEN.slice(0, -1) + 'X')).status).toBe(401);
    const res = await call('sessions.list', {}, null, { 'X-Ensemble-Token': TOKEN });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, result: [] });
  });

  it('maps errors to HTTP statuses and keeps serving after bad input', async () => {
    expect((await call('sessions.create', { title: '' })).status).toBe(400);
    expect((await call('sessions.create', '{"title":')).status).toBe(400);
    expect((await call('sessions.get', { id: '01ARZ3NDEKTSV4RRFFQ69G5FAV' })).status).toBe(404);
    expect((await call('sessions.nope', {})).status).toBe(404);
    const big = await call('sessions.create', { title: 'x', charter: 'y'.repeat(5 * 1024 * 1024) });
    expect(big.status).toBe(413);
    expect((await call('sessions.create', { title: 'still alive' })).status).toBe(200);
  });

  it('answers 421 to a request addressed to another host name (DNS rebinding)', async () => {
    expect(await rawGet('/api/health', 'evil.example:80')).toBe(421);
    expect(await rawGet('/api/health', `localhost:${server.port}`)).toBe(200);
  });

  it('serves the renderer with a strict CSP and falls back to the app shell', async () => {
    const res = await fetch(`${base}/sessions/anything`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>Ensemble</title>');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('streams host events over the WebSocket to token holders only', async () => {
    const refused = new WebSocket(`ws://127.0.0.1:${server.port}/api/events?token=wrong`);
    const status = await new Promise<number>((resolve) =>
      refused.on('unexpected-response', (_req, res) => resolve(res.statusCode!)),
    );
    expect(status).toBe(401);

    const foreign = new WebSocket(`ws://127.0.0.1:${server.port}/api/events?token=${TOKEN}`, {
      origin: 'https://evil.example',
    });
    expect(
      await new Promise<number>((resolve) =>
        foreign.on('unexpected-response', (_req, res) => resolve(res.statusCode!)),
      ),
    ).toBe(403);

    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/events?token=${TOKEN}`, {
      origin: base,
    });
    await new Promise((resolve) => ws.once('open', resolve));
    const message = new Promise<unknown>((resolve) =>
      ws.once('message', (data) => resolve(JSON.parse(String(data)))),
    );
    const created = (await (await call('sessions.create', { title: 'Live' })).json()) as {
      result: { session: { id: string } };
    };
    expect(await message).toEqual({
      event: 'sessions.changed',
      payload: { sessionId: created.result.session.id, change: 'created' },
    });
    ws.close();
  });

  it('caches hashed assets for a year and revalidates the shell, cheaply', async () => {
    const asset = await fetch(`${base}/assets/index-Bx3k9_Qa.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

    for (const shell of ['/', '/index.html', '/sessions/anything', '/favicon.svg']) {
      const res = await fetch(`${base}${shell}`);
      expect(res.status, shell).toBe(200);
      expect(res.headers.get('cache-control'), shell).toBe('no-cache');
      expect(res.headers.get('last-modified'), shell).toBeTruthy();
      const etag = res.headers.get('etag');
      expect(etag, shell).toBeTruthy();
      // Revalidation costs a 304 with no body, and still says how to cache.
      const again = await fetch(`${base}${shell}`, { headers: { 'If-None-Match': etag! } });
      expect(again.status, shell).toBe(304);
      expect(again.headers.get('cache-control'), shell).toBe('no-cache');
    }

    // A hashed asset that does not exist (an older build's) is a 404, never the shell.
    const gone = await fetch(`${base}/assets/index-OLDOLD12.js`);
    expect(gone.status).toBe(404);
    expect(gone.headers.get('cache-control')).toBe('no-store');
    // An unhashed file under assets/ is revalidated like the shell.
    expect((await fetch(`${base}/assets/`)).headers.get('cache-control')).toBe('no-cache');

    const api = await call('sessions.list', {});
    expect(api.headers.get('cache-control')).toBe('no-store');
    expect((await fetch(`${base}/api/health`)).headers.get('cache-control')).toBe('no-store');
    expect((await call('sessions.list', {}, null)).headers.get('cache-control')).toBe('no-store');
  });
});
