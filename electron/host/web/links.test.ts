import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { runFixture } from '../../../test-support/runFixture';
import { tokenOf } from '../../../test-support/linksFixture';
import { MAX_FAILED_TOKENS } from './callers';
import { LINK_REVOKED_CLOSE } from './eventStream';
import { startWebServer, type WebServer } from './server';

const TOKEN = 'test-token-0123456789abcdefghijklmnop';
let fx: Awaited<ReturnType<typeof runFixture>>;
let server: WebServer;
let base: string;

beforeEach(async () => {
  fx = await runFixture();
  server = await startWebServer({
    host: fx.host,
    hostname: '127.0.0.1',
    port: 0,
    token: TOKEN,
    staticDir: null,
  });
  base = `http://127.0.0.1:${server.port}`;
  fx.host.info.share = { origin: base, remote: false };
});
afterEach(async () => {
  await server.close();
  fx.host.dispose();
});

const call = async (method: string, body: unknown, token: string | null) => {
  const res = await fetch(`${base}/api/${method}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: (await res.json()) as {
      ok: boolean;
      result?: Record<string, unknown>;
      error?: { code: string; message: string };
    },
  };
};

async function linkFor(name: string): Promise<{ token: string; linkId: string }> {
  const issued = await call(
    'links.issue',
    { sessionId: fx.sessionId, participantId: fx.people[name] },
    TOKEN,
  );
  const result = issued.body.result as { url: string; link: { id: string } };
  expect(result.url).toMatch(new RegExp(`^${base}/#/join\\?t=ens_p_`));
  return { token: tokenOf(result.url), linkId: result.link.id };
}

function openEvents(token: string) {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/events?token=${token}`, {
    origin: base,
  });
  const received: Array<{ event: string; payload: { sessionId?: string } }> = [];
  ws.on('message', (data) => received.push(JSON.parse(String(data))));
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  return { ws, received, closed, opened: new Promise((r) => ws.once('open', r)) };
}

describe('personal links over HTTP and the WebSocket', () => {
  it('opens its own session only, and stops at once when revoked', async () => {
    const { token, linkId } = await linkFor('Ben');
    const own = await call('run.state', { sessionId: fx.sessionId }, token);
    expect(own.status).toBe(200);
    const other = (await call('sessions.create', { title: 'Other' }, TOKEN)).body.result as {
      session: { id: string };
    };
    const refused = await call('run.state', { sessionId: other.session.id }, token);
    expect(refused.status).toBe(403);
    expect(refused.body.error?.message).toBe('This link opens only the session “Checkout”');

    const events = openEvents(token);
    await events.opened;
    // Another session's change is not sent to Ben's page; his own session's is.
    await call('sessions.update', { id: other.session.id, patch: { title: 'Else' } }, TOKEN);
    await call('sessions.update', { id: fx.sessionId, patch: { title: 'Checkout 2' } }, TOKEN);
    await expect.poll(() => events.received.length).toBeGreaterThan(0);
    expect(events.received.every((e) => e.payload.sessionId === fx.sessionId)).toBe(true);

    await call('links.revoke', { sessionId: fx.sessionId, linkId }, TOKEN);
    expect(await events.closed).toBe(LINK_REVOKED_CLOSE);
    const after = await call('run.state', { sessionId: fx.sessionId }, token);
    expect(after.status).toBe(401);
    expect(after.body.error?.message).toMatch(/revoked or replaced/);
    // A page that opens its events with the revoked link learns why, as a close code.
    expect(await openEvents(token).closed).toBe(LINK_REVOKED_CLOSE);
  });

  it('refuses an address after too many wrong tokens, the right one too, with Retry-After', async () => {
    for (let i = 0; i < MAX_FAILED_TOKENS; i++)
      expect(
        (await call('run.state', { sessionId: fx.sessionId }, `ens_p_${'x'.repeat(43)}`)).status,
      ).toBe(401);
    const limited = await call('run.state', { sessionId: fx.sessionId }, TOKEN);
    expect(limited.status).toBe(429);
    expect(Number(limited.retryAfter)).toBeGreaterThan(0);
    expect(limited.body.error?.message).toMatch(/Too many wrong tokens from this address/);
  });

  it('lets someone without a link ask to join, and hands the link to their page once admitted', async () => {
    const ask = await fetch(`${base}/api/join`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: base },
      body: JSON.stringify({ sessionId: fx.sessionId, name: 'Eli', function: 'support' }),
    });
    expect(ask.status).toBe(200);
    const { secret } = ((await ask.json()) as { result: { secret: string } }).result;
    const status = async () =>
      (
        (await (await fetch(`${base}/api/join/${secret}`)).json()) as {
          result: { status: string; token?: string };
        }
      ).result;
    expect(await status()).toEqual({ status: 'waiting' });

    const list = (await call('links.list', { sessionId: fx.sessionId }, TOKEN)).body.result as {
      requests: Array<{ id: string; name: string }>;
    };
    expect(list.requests.map((r) => r.name)).toEqual(['Eli']);
    // A personal link cannot admit anyone.
    const ben = await linkFor('Ben');
    const byBen = await call(
      'links.admit',
      { sessionId: fx.sessionId, requestId: list.requests[0]!.id },
      ben.token,
    );
    expect(byBen.status).toBe(403);
    const admitted = await call(
      'links.admit',
      { sessionId: fx.sessionId, requestId: list.requests[0]!.id },
      TOKEN,
    );
    expect(admitted.status).toBe(200);
    const answer = await status();
    expect(answer.status).toBe('admitted');
    const me = await call('links.me', {}, answer.token!);
    expect(me.body.result).toMatchObject({ kind: 'person', name: 'Eli' });
    // Read once: the link is not kept for anyone else to fetch.
    expect(await status()).toEqual({ status: 'gone' });

    // A page of another site cannot ask; a body too large is refused before it is read.
    const foreign = await fetch(`${base}/api/join`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'https://evil.example' },
      body: JSON.stringify({ sessionId: fx.sessionId, name: 'Mallory' }),
    });
    expect(foreign.status).toBe(403);
    const huge = await fetch(`${base}/api/join`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ sessionId: fx.sessionId, name: 'x'.repeat(5000) }),
    });
    expect(huge.status).toBe(413);
  });
});
