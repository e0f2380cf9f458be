import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runFixture } from '../../../../test-support/runFixture';

let fx: Awaited<ReturnType<typeof runFixture>>;
afterEach(() => fx.host.dispose());
const waitFor = async (check: () => Promise<boolean> | boolean, ms = 8000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('local sources', () => {
  it('run a single-tenant command while the session is live, keep its tenant’s lines, and stop it at the end', async () => {
    fx = await runFixture();
    const { host, sessionId } = fx;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ensemble-src-'));
    const marker = path.join(dir, 'alive');
    const script = [
      `require('fs').writeFileSync(${JSON.stringify(marker)}, String(process.pid));`,
      `console.log(JSON.stringify({ level: 'error', msg: 'checkout failed for ana@example.com' }));`,
      `console.log(JSON.stringify({ level: 'info', msg: 'someone else', 'tenant.id': 'acme' }));`,
      `setInterval(() => {}, 1000);`,
    ].join(' ');
    const source = await host.call('sources.add', {
      sessionId,
      source: {
        kind: 'command',
        name: 'kubectl',
        command: `"${process.execPath}" -e "${script.replace(/"/g, '\\"')}"`,
        tenancy: 'single',
      },
    });
    expect(source).toMatchObject({ status: 'off', detail: 'Starts when the session runs' });
    expect(fs.existsSync(marker)).toBe(false);

    await host.call('run.start', { sessionId });
    await waitFor(async () => (await host.call('feeds.query', { sessionId })).events.length === 1);
    const [event] = (await host.call('feeds.query', { sessionId })).events;
    expect(event).toMatchObject({
      source: 'command',
      level: 'error',
      message: 'checkout failed for [redacted:email]',
      tenant: 'internal',
    });
    await waitFor(
      async () => (await host.call('sources.list', { sessionId }))[0]!.lines!.read === 2,
    );
    expect((await host.call('sources.list', { sessionId }))[0]).toMatchObject({
      status: 'connected',
      tenancy: 'single',
      // A single-tenant source still drops a line that names another tenant.
      lines: { read: 2, stored: 1, otherTenant: 1, noTenant: 0 },
      warning: null,
    });
    const pid = Number(fs.readFileSync(marker, 'utf8'));

    await host.call('run.end', { sessionId });
    await waitFor(() => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    });
    expect((await host.call('sources.list', { sessionId }))[0]).toMatchObject({ status: 'off' });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuse sources from another machine (a file would expose this machine’s files), and validate input', async () => {
    fx = await runFixture();
    const { host, sessionId } = fx;
    const remote = await host.dispatch(
      'sources.add',
      { sessionId, source: { kind: 'command', name: 'x', command: 'echo hi' } },
      { transport: 'web', remote: true },
    );
    expect(remote).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const file = await host.dispatch(
      'sources.add',
      { sessionId, source: { kind: 'file', name: 'app log', path: '/var/log/app.log' } },
      { transport: 'web', remote: true },
    );
    expect(file).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await host.call('sources.list', { sessionId })).toEqual([]);
    const bad = await host.dispatch(
      'sources.add',
      { sessionId, source: { kind: 'command', name: '', command: '' } },
      { transport: 'test' },
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    expect(
      await host.dispatch('sources.remove', { id: 'nope' }, { transport: 'test' }),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
