import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyPatch } from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import { flagdSchemaErrors, loadFlagd } from '../../../test-support/flagdConformance';
import { preflightFixtures, statusOf } from '../../../test-support/preflightFixture';
import { endedRun } from '../../../test-support/runFixture';
import { runCli } from '../cli/run';
import { flagdFlag } from './flagd';

const { flagSession } = preflightFixtures();

describe('flagd exports of a session', () => {
  it('the pre-flight and the exports read the tenant from the same attribute, a dotted one as a path', async () => {
    const fx = await flagSession();
    const { host, sessionId, people } = fx;
    // The file flagd serves at the internal stage, as Ensemble writes it for `org.id`.
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ensemble-flagd-')), 'flags.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ flags: { 'new-checkout': flagdFlag('org.id', 'internal', 0) } }),
    );
    await host.call('preflight.setSettings', {
      sessionId,
      settings: {
        flagSystem: { kind: 'flagd-file', path: file },
        contextKey: 'org.id',
        controlTenants: ['acme'],
      },
    });
    const state = await host.call('preflight.run', { sessionId });
    expect(statusOf(state, 'flag.internal').status).toBe('pass');
    expect(statusOf(state, 'flag.control').status).toBe('pass');
    await host.call('preflight.override', {
      sessionId,
      participantId: people.Cleo!,
      reason: 'Feeds and guardrails are not part of this test',
    });
    await endedRun(fx);
    await host.call('decision.sign', {
      sessionId,
      amends: null,
      decision: {
        action: 'promote',
        toStage: '10',
        rationale: 'ok',
        conditions: [],
        approverName: 'Dana',
        approverId: null,
      },
    });
    const render = async (format: 'flagd' | 'flagd-patch') =>
      JSON.parse(
        (await host.call('exports.render', { sessionId, format, pseudonymise: false })).content,
      ) as never;

    const exported = await render('flagd');
    expect(flagdSchemaErrors(exported)).toEqual([]);
    const flagd = loadFlagd(exported);
    expect(flagd.flagCount).toBe(1);
    // A user the 10 % split leaves off is on when the context names the tenant as org.id.
    const off = flagd.userLeftOff('new-checkout');
    expect(flagd.on('new-checkout', { targetingKey: off, org: { id: 'internal' } })).toBe(true);
    expect(flagd.on('new-checkout', { targetingKey: off, 'org.id': 'internal' })).toBe(false);

    // The patch takes the very file the pre-flight read to the exported flag.
    const served = JSON.parse(fs.readFileSync(file, 'utf8')) as object;
    const patched = applyPatch(served, await render('flagd-patch'), true, false).newDocument;
    expect(patched).toEqual({ flags: (exported as { flags: unknown }).flags });

    // For one file, the API and the CLI may name another attribute; a malformed one is refused.
    const args = { sessionId, format: 'flagd' as const, pseudonymise: false };
    const viaApi = await host.call('exports.render', { ...args, contextAttribute: 'tenantId' });
    const tenantId = { targetingKey: off, tenantId: 'internal' };
    expect(loadFlagd(JSON.parse(viaApi.content)).on('new-checkout', tenantId)).toBe(true);
    await expect(
      host.call('exports.render', { ...args, contextAttribute: 'tenant id' }),
    ).rejects.toMatchObject({ code: 'invalid_argument' });
    let out = '';
    const argv = [
      'export',
      '--data-dir',
      host.dataDir,
      '--session',
      sessionId,
      '--format',
      'flagd',
    ];
    const code = await runCli([...argv, '--context-attribute', 'tenantId'], {
      out: (t) => (out += t),
      err: () => {},
    });
    expect(code).toBe(0);
    expect(out).toBe(viaApi.content);
  });
});
