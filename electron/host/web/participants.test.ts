import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HostEvent } from '../../../shared/api/events';
import { tokenOf } from '../../../test-support/linksFixture';
import { startedHostsCleanedUp } from '../../../test-support/startedHosts';
import { startHost } from '../start';
import {
  DEFAULT_SHARE_PORT,
  keptPort,
  setupParticipantSharing,
  type ParticipantServerOptions,
} from './participants';

const TOKEN = 'test-token-0123456789abcdefghijklmnop';
const { hosts, dataDir } = startedHostsCleanedUp();

/** This machine's first address that is not loopback: "another machine" as the host sees it. */
const outside = Object.values(os.networkInterfaces())
  .flatMap((list) => list ?? [])
  .find((i) => !i.internal && i.family === 'IPv4')?.address;

/** A host started the way the desktop app starts it (IPC, no web server), with two people. */
async function desktopHost(options: Partial<ParticipantServerOptions> = {}) {
  const dir = dataDir();
  const host = await startHost({
    dataDir: dir,
    mode: 'desktop',
    ingest: { hostname: '127.0.0.1', port: 0 },
    log: () => {},
  });
  hosts.push(host);
  const staticDir = path.join(dir, 'renderer');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Ensemble</title>');
  const events: HostEvent[] = [];
  host.subscribe((e) => events.push(e));
  setupParticipantSharing(host, {
    dataDir: dir,
    staticDir,
    token: TOKEN,
    defaultPort: 0,
    ...options,
  });
  const { session } = await host.call('sessions.create', { title: 'Checkout' });
  const people: Record<string, string> = {};
  for (const name of ['Ana', 'Ben'])
    people[name] = (
      await host.call('participants.add', { sessionId: session.id, name, function: 'support' })
    ).id;
  const issue = (name: string) =>
    host.call('links.issue', { sessionId: session.id, participantId: people[name]! });
  return { host, dir, sessionId: session.id, issue, events };
}

const call = (base: string, method: string, token: string | null, body: unknown = {}) =>
  fetch(`${base}/api/${method}`, {
    method: 'POST',
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    body: JSON.stringify(body),
  });

const refused = (base: string) => fetch(`${base}/api/health`).then(() => 'answered', String);

describe('the desktop app serves participants once the facilitator shares links', () => {
  it('issues links without an address until it shares, then serves them on this machine', async () => {
    const { host, sessionId, issue, events } = await desktopHost();
    expect((await issue('Ana')).url).toBeNull();
    expect(await host.call('links.sharing', {})).toEqual({
      state: 'off',
      origin: null,
      changeable: true,
    });

    const shared = await host.call('links.share', { network: false });
    expect(shared).toMatchObject({ state: 'loopback', changeable: true });
    expect(shared.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const base = shared.origin!;
    expect(events.filter((e) => e.event === 'links.sharingChanged').at(-1)?.payload).toEqual(
      shared,
    );
    const { url } = await issue('Ben');
    expect(url).toMatch(new RegExp(`^${base}/#/join\\?t=ens_p_`));
    const ben = tokenOf(url!);
    // The personal page and the API answer at that address, with that token.
    const page = await fetch(url!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Ensemble</title>');
    const me = await call(base, 'links.me', ben);
    expect(await me.json()).toMatchObject({ ok: true, result: { kind: 'person', name: 'Ben' } });
    const state = await call(base, 'run.state', ben, { sessionId });
    expect(state.status).toBe(200);
    // A personal link cannot share, stop sharing or ask about it.
    for (const [method, args] of [
      ['links.share', { off: true }],
      ['links.share', { network: true }],
      ['links.sharing', {}],
    ] as const) {
      const res = await call(base, method, ben, args);
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
        `A personal link cannot do this (${method}): only the facilitator’s own Ensemble app can`,
      );
    }
    expect((await host.call('links.sharing', {})).state).toBe('loopback');
    // Without a token nothing opens.
    expect((await call(base, 'run.state', null, { sessionId })).status).toBe(401);

    // Stopping closes the port and revokes nothing: the link works again once it shares.
    expect(await host.call('links.share', { off: true })).toEqual({
      state: 'off',
      origin: null,
      changeable: true,
    });
    expect(await refused(base)).toMatch(/fetch failed/);
    expect((await issue('Ana')).url).toBeNull();
    expect((await host.call('links.list', { sessionId })).shareOrigin).toBeNull();
    const again = await host.call('links.share', { network: false });
    expect(again.origin).toBe(base); // the same port: the addresses given out still hold
    expect((await call(base, 'run.state', ben, { sessionId })).status).toBe(200);

    // Closing the host closes the port too.
    await host.close();
    expect(await refused(base)).toMatch(/fetch failed/);
  });

  it.skipIf(!outside)(
    'lets the network join: personal links work from another address, the host’s own token does not',
    async () => {
      const { host, sessionId, issue } = await desktopHost();
      const local = await host.call('links.share', { network: false });
      const { url } = await issue('Ben');
      const ben = tokenOf(url!);
      const port = new URL(local.origin!).port;
      // From another machine the loopback-only server is not there at all.
      expect(await refused(`http://${outside}:${port}`)).toMatch(/fetch failed/);

      const shared = await host.call('links.share', { network: true });
      expect(shared).toEqual({
        state: 'network',
        origin: `http://${outside}:${port}`,
        changeable: true,
      });
      expect(await host.call('links.list', { sessionId })).toMatchObject({
        shareOrigin: shared.origin,
        remote: true,
      });
      const base = shared.origin!;
      // The link given out before works from afar (only its address's host part changed).
      expect((await call(base, 'run.state', ben, { sessionId })).status).toBe(200);
      const newLink = await issue('Ana');
      expect(newLink.url).toMatch(new RegExp(`^${base}/#/join\\?t=ens_p_`));
      expect((await call(base, 'run.state', tokenOf(newLink.url!), { sessionId })).status).toBe(
        200,
      );
      const full = await call(base, 'run.state', TOKEN, { sessionId });
      expect(full.status).toBe(403);
      expect(((await full.json()) as { error: { message: string } }).error.message).toMatch(
        /works only on the machine running Ensemble/,
      );
      expect((await call(base, 'run.state', null, { sessionId })).status).toBe(401);
      // On this machine the host's own token still opens everything.
      const own = await call(`http://127.0.0.1:${port}`, 'run.state', TOKEN, { sessionId });
      expect(own.status).toBe(200);

      // Back to this machine only: the other address is closed again.
      expect((await host.call('links.share', { network: false })).state).toBe('loopback');
      expect(await refused(base)).toMatch(/fetch failed/);
    },
  );

  it('takes another port when its own is taken, and keeps that one for next time', async () => {
    expect(DEFAULT_SHARE_PORT).toBe(7381);
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as net.AddressInfo).port;
    try {
      const { host, dir } = await desktopHost({ defaultPort: taken });
      const shared = await host.call('links.share', { network: false });
      const port = Number(new URL(shared.origin!).port);
      expect(port).not.toBe(taken);
      expect(keptPort(dir)).toBe(port);
      await host.call('links.share', { off: true });
      expect((await host.call('links.share', { network: false })).origin).toBe(shared.origin);
    } finally {
      blocker.close();
    }
  });

  it('applies changes one after another, and refuses bad requests without changing anything', async () => {
    const { host } = await desktopHost();
    const [first, second, third] = await Promise.all([
      host.call('links.share', { network: false }),
      host.call('links.share', { off: true }),
      host.call('links.share', { network: false }),
    ]);
    expect([first.state, second.state, third.state]).toEqual(['loopback', 'off', 'loopback']);
    expect(await refused(third.origin!)).toBe('answered');
    for (const bad of [{}, { network: 'yes' }, { off: false }, { network: true, off: true }])
      await expect(host.call('links.share', bad as never)).rejects.toMatchObject({
        code: 'invalid_argument',
      });
    expect(await host.call('links.sharing', {})).toEqual(third);
  });
});
