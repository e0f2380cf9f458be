import { afterEach, describe, expect, it } from 'vitest';
import { runFixture } from '../../../test-support/runFixture';
import { EXIT, runCli } from './run';

let fx: Awaited<ReturnType<typeof runFixture>> | null = null;
afterEach(() => {
  fx?.host.dispose();
  fx = null;
});

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** An ended session with a decision signed through the host, closed so the CLI opens it alone. */
async function decided(action: 'promote' | 'hold' | 'rollback') {
  fx = await runFixture();
  const { host, sessionId } = fx;
  await host.call('run.start', { sessionId });
  await host.call('run.end', { sessionId });
  if (action === 'rollback') {
    const { rollout } = await host.call('debrief.get', { sessionId });
    await host.call('decision.updateRollout', {
      sessionId,
      settings: { ...rollout, currentStage: '10' },
    });
  }
  await host.call('decision.sign', {
    sessionId,
    amends: null,
    decision: {
      action,
      toStage: action === 'promote' ? '1' : action === 'rollback' ? 'internal' : null,
      rationale: 'Because the evidence says so',
      conditions: ['Fix F-1 before 10 %'],
      approverName: 'Dana',
      approverId: null,
    },
  });
  return { dataDir: fx.host.dataDir, sessionId };
}

describe('ensemble CLI', { timeout: 90_000 }, () => {
  it.each([
    ['promote', EXIT.ok, /^Promote to 1 %: /],
    ['hold', EXIT.hold, /^Hold at Internal tenant: /],
    ['rollback', EXIT.rollback, /^Roll back to Internal tenant: /],
  ] as const)('decision prints a %s and exits %i', async (action, code, first) => {
    const { dataDir, sessionId } = await decided(action);
    const r = await cli('decision', '--data-dir', dataDir, '--session', sessionId);
    expect(r.code).toBe(code);
    expect(r.out).toMatch(first);
    expect(r.out).toContain('Signed by Dana');
    expect(r.out).toContain('  - Fix F-1 before 10 %');
  });

  it('lists sessions, exports the record, and prints JSON with --json', async () => {
    const { dataDir, sessionId } = await decided('promote');
    expect((await cli('sessions', '--data-dir', dataDir)).out).toContain(
      `${sessionId}  ended    Checkout`,
    );
    const json = await cli('decision', '--data-dir', dataDir, '--session', sessionId, '--json');
    expect(JSON.parse(json.out)).toMatchObject({ decision: { action: 'promote' } });
    const exported = await cli(
      'export',
      '--data-dir',
      dataDir,
      '--session',
      sessionId,
      '--format',
      'json',
    );
    expect(exported.code).toBe(EXIT.ok);
    expect(JSON.parse(exported.out).recordId).toBe(JSON.parse(json.out).recordId);
  });

  it('exports the findings as they are now, or as a signed decision recorded them (--findings)', async () => {
    fx = await runFixture(); // nothing signed yet
    const { dataDir } = fx.host;
    const csv = (...more: string[]) =>
      cli('export', '--data-dir', dataDir, '--session', fx!.sessionId, '--format', 'csv', ...more);
    for (const current of [await csv(), await csv('--findings', 'current')]) {
      expect(current.code).toBe(EXIT.ok);
      expect(current.out).toMatch(/^Summary,/);
    }
    expect(await csv('--findings', 'signed')).toMatchObject({
      code: EXIT.usage,
      err: expect.stringContaining('No decision is signed yet, so there are no signed findings'),
    });
    expect(await csv('--findings', 'newest')).toMatchObject({
      code: EXIT.usage,
      err: expect.stringContaining('--findings is current or signed'),
    });
  });

  it('usage errors exit 2, missing data 7, not signed yet 5, each with a clear message', async () => {
    expect(await cli()).toMatchObject({
      code: EXIT.usage,
      err: expect.stringContaining('Name a command'),
    });
    expect(await cli('export', '--session', 'x')).toMatchObject({
      code: EXIT.usage,
      err: expect.stringContaining('needs --format'),
    });
    expect(await cli('export', '--session', 'x', '--format', 'pdf')).toMatchObject({
      code: EXIT.usage,
      err: expect.stringContaining('Unknown format "pdf"'),
    });
    expect(await cli('decide')).toMatchObject({ code: EXIT.usage });
    expect(await cli('sessions', '--data-dir', '/nonexistent/place')).toMatchObject({
      code: EXIT.notFound,
      err: expect.stringContaining('no Ensemble data in /nonexistent/place'),
    });
    fx = await runFixture();
    const { sessionId } = fx;
    expect(
      await cli('decision', '--data-dir', fx.host.dataDir, '--session', sessionId),
    ).toMatchObject({
      code: EXIT.draft,
      err: expect.stringContaining('has no signed decision yet'),
    });
    expect(await cli('decision', '--data-dir', fx.host.dataDir, '--session', 'nope')).toMatchObject(
      { code: EXIT.usage, err: expect.stringContaining('Expected an id') },
    );
  });
});
