import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  databaseText,
  preflightFixtures,
  statusOf,
  type Fx,
} from '../../../test-support/preflightFixture';
import { startOfrepStandIn } from '../../../test-support/ofrepStandIn';
import { plausibleOn } from './checks';

const { flagSession, cleanup } = preflightFixtures();

/** A real flagd flag file: `new-checkout` with the given targeting. */
function flagFile(fx: Fx, targeting: unknown, name = 'flags.json') {
  const file = path.join(fx.host.dataDir, name);
  fs.writeFileSync(
    file,
    JSON.stringify({
      $schema: 'https://flagd.dev/schema/v0/flags.json',
      flags: {
        'new-checkout': {
          state: 'ENABLED',
          variants: { on: true, off: false },
          defaultVariant: 'off',
          targeting,
        },
      },
    }),
  );
  return file;
}
const internalOnly = { if: [{ '==': [{ var: 'tenant' }, 'internal'] }, 'on', 'off'] };
const everyone = { if: [true, 'on', 'on'] };

async function useFile(fx: Fx, file: string) {
  await fx.host.call('preflight.setSettings', {
    sessionId: fx.sessionId,
    settings: {
      flagSystem: { kind: 'flagd-file', path: file },
      contextKey: 'tenant',
      controlTenants: ['acme'],
    },
  });
  return fx.host.call('preflight.run', { sessionId: fx.sessionId });
}
describe('the flag, read from a flagd flag file with flagd-core', () => {
  it('on for the internal tenant only passes both flag checks', async () => {
    const fx = await flagSession();
    const state = await useFile(fx, flagFile(fx, internalOnly));
    expect(statusOf(state, 'flag.internal').status).toBe('pass');
    expect(statusOf(state, 'flag.control')).toMatchObject({ status: 'pass' });
    expect(state.blocking).not.toContain('flag.internal');
  });

  it('on for everyone fails: the flag reaches more than the internal tenant', async () => {
    const fx = await flagSession();
    const state = await useFile(fx, flagFile(fx, everyone));
    expect(statusOf(state, 'flag.internal').status).toBe('pass');
    expect(statusOf(state, 'flag.control')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining(
        'On for acme: the flag reaches more than the internal tenant',
      ),
    });
  });

  it('off for the internal tenant fails', async () => {
    const fx = await flagSession();
    const state = await useFile(fx, flagFile(fx, { if: [false, 'on', 'off'] }));
    expect(statusOf(state, 'flag.internal')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('Off for internal'),
    });
  });

  it('a missing or broken file fails with its name', async () => {
    const fx = await flagSession();
    const missing = await useFile(fx, path.join(fx.host.dataDir, 'nope.json'));
    expect(statusOf(missing, 'flag.internal').detail).toMatch(
      /nope\.json cannot be read \(ENOENT\)/,
    );
    const broken = path.join(fx.host.dataDir, 'broken.json');
    fs.writeFileSync(broken, '{"flags": ');
    expect(statusOf(await useFile(fx, broken), 'flag.internal').detail).toMatch(
      /not a valid flagd flag file/,
    );
  });

  it('a partial stage accepts a plausible share and refuses all-or-nothing', () => {
    expect(plausibleOn(20, 0)).toEqual([0, 0]);
    expect(plausibleOn(20, 100)).toEqual([20, 20]);
    const [lo, hi] = plausibleOn(20, 10);
    expect(lo).toBe(0);
    expect(hi).toBeGreaterThanOrEqual(5);
    expect(hi).toBeLessThan(20);
    expect(plausibleOn(20, 50)[0]).toBeGreaterThan(0);
  });
});

describe('the flag, read from an OFREP endpoint with the OpenFeature OFREP provider', () => {
  async function useOfrep(fx: Fx, url: string, token?: string | null) {
    await fx.host.call('preflight.setSettings', {
      sessionId: fx.sessionId,
      settings: {
        flagSystem: { kind: 'ofrep', baseUrl: url },
        contextKey: 'tenant',
        controlTenants: [],
      },
      token,
    });
    return fx.host.call('preflight.run', { sessionId: fx.sessionId });
  }

  it('on for the internal tenant only passes; the token is sent and never answered or stored', async () => {
    const fx = await flagSession();
    const token = 'ofrep-secret-token-5f2a9c';
    const standIn = await startOfrepStandIn({
      token,
      flags: { 'new-checkout': (c) => c.tenant === 'internal' },
    });
    cleanup(standIn.close);
    const state = await useOfrep(fx, standIn.url, token);
    expect(statusOf(state, 'flag.internal').status).toBe('pass');
    expect(statusOf(state, 'flag.control').status).toBe('pass');
    expect(state.hasToken).toBe(true);
    expect(standIn.requests[0]).toMatchObject({
      key: 'new-checkout',
      context: { targetingKey: 'internal', tenant: 'internal' },
      auth: `Bearer ${token}`,
    });
    expect(
      JSON.stringify(await fx.host.call('preflight.get', { sessionId: fx.sessionId })),
    ).not.toContain(token);
    expect(databaseText(fx.host.dataDir)).not.toContain(token);
  });

  it('on for everyone, a wrong token, a 429 and an unreachable service each fail with a reason', async () => {
    const fx = await flagSession();
    const all = await startOfrepStandIn({ flags: { 'new-checkout': () => true } });
    cleanup(all.close);
    expect(statusOf(await useOfrep(fx, all.url), 'flag.control').detail).toMatch(
      /on for 20 of 20 other tenant contexts: the flag reaches more than the internal tenant/,
    );

    const locked = await startOfrepStandIn({
      token: 'right',
      flags: { 'new-checkout': () => true },
    });
    cleanup(locked.close);
    expect(statusOf(await useOfrep(fx, locked.url, 'wrong'), 'flag.internal')).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/refused the token \(401\)/),
    });

    const forbidden = await startOfrepStandIn({ status: 403, flags: {} });
    cleanup(forbidden.close);
    expect(statusOf(await useOfrep(fx, forbidden.url, null), 'flag.internal').detail).toMatch(
      /403/,
    );

    const missing = await startOfrepStandIn({ flags: {} });
    cleanup(missing.close);
    expect(statusOf(await useOfrep(fx, missing.url), 'flag.internal').detail).toMatch(
      /FLAG_NOT_FOUND/,
    );

    const limited = await startOfrepStandIn({ status: 429, flags: {} });
    cleanup(limited.close);
    expect(statusOf(await useOfrep(fx, limited.url), 'flag.internal').detail).toMatch(
      /rate-limiting \(429\): try again in 30 s/,
    );
    // Until Retry-After has passed, the service is not asked again.
    const asked = limited.requests.length;
    await fx.host.call('preflight.run', { sessionId: fx.sessionId });
    expect(limited.requests.length).toBe(asked);

    const gone = await startOfrepStandIn({ flags: {} });
    await gone.close();
    const fx2 = await flagSession();
    expect(statusOf(await useOfrep(fx2, gone.url), 'flag.internal')).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/cannot be reached: ECONNREFUSED/),
    });
  });
});

describe('Start and the pre-flight', () => {
  it('run.start is refused while a check fails, names it, and starts after the facilitator overrides', async () => {
    const fx = await flagSession();
    const { host, sessionId, people } = fx;
    await useFile(fx, flagFile(fx, everyone));
    await expect(host.call('run.start', { sessionId })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(
        /pre-flight does not pass: .*Flag off for other tenants.*fail: On for acme/,
      ),
    });
    expect((await host.call('run.state', { sessionId })).status).toBe('draft');

    await expect(
      host.call('preflight.override', {
        sessionId,
        participantId: people.Ana!,
        reason: 'Ana wants to go ahead',
      }),
    ).rejects.toMatchObject({ message: expect.stringContaining('Only the facilitator (Cleo)') });
    await expect(
      host.call('preflight.override', { sessionId, participantId: people.Cleo!, reason: 'ok' }),
    ).rejects.toMatchObject({ code: 'invalid_argument' });

    const reason = 'Flag service lags; checked by hand in the console';
    const overridden = await host.call('preflight.override', {
      sessionId,
      participantId: people.Cleo!,
      reason,
    });
    expect(overridden.override).toMatchObject({ name: 'Cleo', reason, items: overridden.blocking });
    expect((await host.call('run.start', { sessionId })).status).toBe('running');

    const { events } = await host.call('notes.timeline', { sessionId });
    expect(events.find((e) => e.type === 'preflight.overridden')?.payload).toMatchObject({
      name: 'Cleo',
      reason,
      items: expect.arrayContaining(['Flag off for other tenants (stage: Internal tenant, 0 %)']),
    });
    const record = JSON.parse(
      (await host.call('exports.render', { sessionId, format: 'json', pseudonymise: false }))
        .content,
    );
    expect(record.preflight.override).toMatchObject({ by: 'Cleo', reason });
    expect(record.preflight.trigger).toBe('start');
  });

  it('on a flag session, unchecked items block too (missing evidence is not a pass)', async () => {
    const fx = await flagSession();
    await expect(fx.host.call('run.start', { sessionId: fx.sessionId })).rejects.toMatchObject({
      message: expect.stringMatching(/No flag system is set up.*Not ticked yet/),
    });
  });

  it('guardrails are ticked by a named participant and keep their tick when the list is edited', async () => {
    const fx = await flagSession();
    const { host, sessionId, people } = fx;
    const ticked = await host.call('preflight.tick', {
      sessionId,
      itemId: 'g2',
      participantId: people.Ben!,
      ticked: true,
    });
    expect(ticked.checklist[1]!.tick).toMatchObject({ name: 'Ben' });
    const edited = await host.call('preflight.setChecklist', {
      sessionId,
      items: [ticked.checklist[1]!.text, 'No emails to real customers'],
    });
    expect(edited.checklist.map((g) => g.tick?.name ?? null)).toEqual(['Ben', null]);
    const run = await host.call('preflight.run', { sessionId });
    expect(statusOf(run, 'guardrail.g1')).toMatchObject({
      status: 'pass',
      detail: 'Ticked by Ben',
    });
    expect(statusOf(run, 'guardrail.g2').status).toBe('unknown');
  });
});
