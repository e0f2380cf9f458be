import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { linkToken } from '../../shared/domain/links';
import { createStoreOverHost } from '../../test-support/storeOverHost';
import { fixedSharing } from '../../electron/host/links/sharing';
import { createParticipantServer } from '../../electron/host/web/participants';

let ctx: ReturnType<typeof createStoreOverHost>;
let server: ReturnType<typeof createParticipantServer>;
beforeEach(() => {
  ctx = createStoreOverHost();
  // As in the desktop app: nothing serves links until the facilitator shares them.
  server = createParticipantServer(ctx.host, {
    dataDir: ctx.host.dataDir,
    staticDir: null,
    defaultPort: 0,
  });
  ctx.host.setSharing(server);
});
afterEach(async () => {
  await server.close();
  ctx.host.dispose();
});

async function openSession() {
  const sessionId = (await ctx.client.call('sessions.create', { title: 'Checkout' })).session.id;
  const ben = await ctx.client.call('participants.add', {
    sessionId,
    name: 'Ben',
    function: 'support',
  });
  await ctx.store.getState().loadSession(sessionId);
  await ctx.store.getState().loadLinks();
  return { sessionId, ben: ben.id };
}

describe('links slice: sharing', () => {
  it('shares, gives links an address, and follows a change made elsewhere', async () => {
    const s = () => ctx.store.getState();
    const { ben } = await openSession();
    await s().loadSharing();
    expect(s().sharing).toEqual({ state: 'off', origin: null, changeable: true });
    await s().issueLink(ben);
    expect(s().issued?.url).toBeNull();

    expect(await s().share({ network: false })).toEqual({ ok: true });
    expect(s().sharing).toMatchObject({ state: 'loopback', changeable: true });
    expect(s().sharingTo).toBeNull();
    const origin = s().sharing!.origin!;
    await expect.poll(() => s().links?.shareOrigin).toBe(origin);
    await s().issueLink(ben);
    const token = linkToken(s().issued!.url!);
    expect(s().issued!.url).toBe(`${origin}/#/join?t=${token}`);

    // Another window stops it: this one hears of it and its links lose their address.
    await ctx.client.call('links.share', { off: true });
    await expect.poll(() => s().sharing?.state).toBe('off');
    await expect.poll(() => s().links?.shareOrigin).toBeNull();
  });

  it('reports a refusal as a toast and keeps the state the host has', async () => {
    const s = () => ctx.store.getState();
    await openSession();
    // Web mode cannot change how it shares.
    ctx.host.info.share = { origin: 'http://127.0.0.1:5178', remote: false };
    ctx.host.setSharing(fixedSharing(ctx.host.info));
    const result = await s().share({ network: true });
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/--allow-remote/) });
    expect(s().toasts.map((t) => t.text)).toContain(result.ok ? '' : result.message);
    await expect
      .poll(() => s().sharing)
      .toEqual({
        state: 'loopback',
        origin: 'http://127.0.0.1:5178',
        changeable: false,
      });
  });
});
