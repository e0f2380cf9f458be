import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  posthogFlag,
  startPosthogStandIn,
  startUnleashStandIn,
  unleashFeature,
} from '../../../test-support/flagStandIns';
import {
  databaseText,
  preflightFixtures,
  statusOf,
  type Fx,
} from '../../../test-support/preflightFixture';

const { flagSession, cleanup } = preflightFixtures();
async function standIn<T extends { close: () => Promise<void> }>(started: Promise<T>) {
  const s = await started;
  cleanup(s.close);
  return s;
}

async function use(
  fx: Fx,
  flagSystem: Record<string, string>,
  token?: string | null,
  contextKey = 'tenant',
) {
  await fx.host.call('preflight.setSettings', {
    sessionId: fx.sessionId,
    settings: { flagSystem: flagSystem as never, contextKey, controlTenants: ['acme'] },
    token,
  });
  return fx.host.call('preflight.run', { sessionId: fx.sessionId });
}

const TOKEN = 'default:production.5f2a9c0e7b1d4e8a9c6b3f2d1e0a9b8c';
const tenantIs = (tenant: string) => ({
  contextName: 'tenant',
  operator: 'IN',
  values: [tenant],
  caseInsensitive: false,
  inverted: false,
});
const rollout = (percent: number, constraints: unknown[] = []) => ({
  name: 'flexibleRollout',
  parameters: { rollout: String(percent), stickiness: 'default', groupId: 'new-checkout' },
  constraints,
});

describe('the flag, read from Unleash with the official unleash-client', () => {
  const unleash = (url: string) => ({ kind: 'unleash', url: `${url}/api` });

  it('on for the internal tenant only passes; only the features are fetched, the token is sent and never stored, no backup file', async () => {
    const fx = await flagSession();
    const server = await standIn(
      startUnleashStandIn({
        token: TOKEN,
        features: [
          unleashFeature('new-checkout', [rollout(100, [tenantIs('internal')])]),
          unleashFeature('other-flag', [rollout(100)]),
        ],
      }),
    );
    const backup = path.join(os.tmpdir(), 'unleash-backup-ensemble-preflight.json');
    fs.rmSync(backup, { force: true });
    const state = await use(fx, unleash(server.url), TOKEN);
    expect(statusOf(state, 'flag.internal')).toMatchObject({ status: 'pass' });
    expect(statusOf(state, 'flag.control')).toMatchObject({
      status: 'pass',
      detail: expect.stringContaining('on for 0 of 20'),
    });
    expect(state.hasToken).toBe(true);
    // Run again: whatever the first run might have sent late (registration, metrics) is in by now.
    await fx.host.call('preflight.run', { sessionId: fx.sessionId });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/client/features',
      'GET /api/client/features',
    ]);
    expect(server.requests[0]!.headers.authorization).toBe(TOKEN);
    expect(server.requests[0]!.query.get('namePrefix')).toBe('new-checkout');
    expect(fs.existsSync(backup)).toBe(false);
    expect(
      JSON.stringify(await fx.host.call('preflight.get', { sessionId: fx.sessionId })),
    ).not.toContain(TOKEN);
    expect(databaseText(fx.host.dataDir)).not.toContain(TOKEN);
  });

  it('on for everyone and off for the internal tenant each fail with a reason', async () => {
    const fx = await flagSession();
    const everyone = await standIn(
      startUnleashStandIn({
        token: TOKEN,
        features: [unleashFeature('new-checkout', [rollout(100)])],
      }),
    );
    expect(statusOf(await use(fx, unleash(everyone.url), TOKEN), 'flag.control')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining(
        'On for acme: the flag reaches more than the internal tenant',
      ),
    });
    const disabled = await standIn(
      startUnleashStandIn({
        token: TOKEN,
        features: [unleashFeature('new-checkout', [rollout(100, [tenantIs('internal')])], false)],
      }),
    );
    expect(statusOf(await use(fx, unleash(disabled.url), TOKEN), 'flag.internal')).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(
        /Off for internal \(the flag is disabled in this environment\)/,
      ),
    });
    const missing = await standIn(startUnleashStandIn({ token: TOKEN, features: [] }));
    expect(statusOf(await use(fx, unleash(missing.url), TOKEN), 'flag.internal').detail).toMatch(
      /FLAG_NOT_FOUND: Unleash has no flag new-checkout/,
    );
  });

  it('a wrong token, no token, a 429 and an unreachable server each fail with a reason', async () => {
    const fx = await flagSession();
    const server = await standIn(
      startUnleashStandIn({
        token: TOKEN,
        features: [unleashFeature('new-checkout', [rollout(100)])],
      }),
    );
    expect(statusOf(await use(fx, unleash(server.url), 'wrong'), 'flag.internal')).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/refused the client token \(401\)/),
    });
    expect(statusOf(await use(fx, unleash(server.url), null), 'flag.internal').detail).toMatch(
      /No Unleash client token is kept/,
    );
    const limited = await standIn(startUnleashStandIn({ token: TOKEN, features: [], status: 429 }));
    expect(statusOf(await use(fx, unleash(limited.url), TOKEN), 'flag.internal').detail).toMatch(
      /rate-limiting \(429\): try again in 30 s/,
    );
    const gone = await startUnleashStandIn({ token: TOKEN, features: [] });
    await gone.close();
    const fx2 = await flagSession();
    expect(statusOf(await use(fx2, unleash(gone.url), TOKEN), 'flag.internal').detail).toMatch(
      /cannot be reached: ECONNREFUSED/,
    );
  });

  it('a token typed for one address is not sent to another', async () => {
    const fx = await flagSession();
    const first = await standIn(
      startUnleashStandIn({
        token: TOKEN,
        features: [unleashFeature('new-checkout', [rollout(100)])],
      }),
    );
    const second = await standIn(startUnleashStandIn({ token: TOKEN, features: [] }));
    await use(fx, unleash(first.url), TOKEN);
    const moved = await use(fx, unleash(second.url));
    expect(moved.hasToken).toBe(false);
    expect(second.requests).toHaveLength(0);
  });
});

describe('the flag, read from PostHog with posthog-node local evaluation', () => {
  const PROJECT = 'phc_project0123456789';
  const KEY = 'phx_personal5f2a9c0e7b1d4e8a9c6b';
  const posthog = (url: string) => ({ kind: 'posthog', host: url, projectApiKey: PROJECT });
  const tenantProperty = (tenant: string) => ({
    key: 'tenant',
    type: 'person',
    value: [tenant],
    operator: 'exact',
  });

  it('on for the internal tenant only passes; only the definitions are fetched and no event is sent', async () => {
    const fx = await flagSession();
    const server = await standIn(
      startPosthogStandIn({
        personalApiKey: KEY,
        projectApiKey: PROJECT,
        flags: [
          posthogFlag('new-checkout', [
            { properties: [tenantProperty('internal')], rollout_percentage: 100 },
          ]),
        ],
      }),
    );
    const state = await use(fx, posthog(server.url), KEY);
    expect(statusOf(state, 'flag.internal')).toMatchObject({ status: 'pass' });
    expect(statusOf(state, 'flag.control')).toMatchObject({ status: 'pass' });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /flags/definitions']);
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(server.requests[0]!.query.get('token')).toBe(PROJECT);
    expect(
      JSON.stringify(await fx.host.call('preflight.get', { sessionId: fx.sessionId })),
    ).not.toContain(KEY);
    expect(databaseText(fx.host.dataDir)).not.toContain(KEY);
  });

  it('on for everyone and off for the internal tenant each fail with a reason', async () => {
    const fx = await flagSession();
    const everyone = await standIn(
      startPosthogStandIn({
        personalApiKey: KEY,
        projectApiKey: PROJECT,
        flags: [posthogFlag('new-checkout', [{ properties: [], rollout_percentage: 100 }])],
      }),
    );
    expect(statusOf(await use(fx, posthog(everyone.url), KEY), 'flag.control')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('On for acme'),
    });
    const inactive = await standIn(
      startPosthogStandIn({
        personalApiKey: KEY,
        projectApiKey: PROJECT,
        flags: [
          posthogFlag('new-checkout', [{ properties: [], rollout_percentage: 100 }], {
            active: false,
          }),
        ],
      }),
    );
    expect(statusOf(await use(fx, posthog(inactive.url), KEY), 'flag.internal')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('Off for internal'),
    });
  });

  it('a flag on groups is read with the tenant as the group key, and says so when the type differs', async () => {
    const fx = await flagSession();
    const server = await standIn(
      startPosthogStandIn({
        personalApiKey: KEY,
        projectApiKey: PROJECT,
        groupTypes: { '0': 'organization' },
        flags: [
          posthogFlag(
            'new-checkout',
            [
              {
                properties: [
                  {
                    key: 'organization',
                    type: 'group',
                    group_type_index: 0,
                    value: ['internal'],
                    operator: 'exact',
                  },
                ],
                rollout_percentage: 100,
              },
            ],
            { aggregation_group_type_index: 0 },
          ),
        ],
      }),
    );
    expect(statusOf(await use(fx, posthog(server.url), KEY), 'flag.internal').detail).toMatch(
      /targets groups of type organization: set the tenant attribute to that group type/,
    );
    const byGroup = await use(fx, posthog(server.url), KEY, 'organization');
    expect(statusOf(byGroup, 'flag.internal').status).toBe('pass');
    expect(statusOf(byGroup, 'flag.control').status).toBe('pass');
  });

  it('a wrong key, no key and an unreachable host each fail with a reason', async () => {
    const fx = await flagSession();
    const server = await standIn(
      startPosthogStandIn({ personalApiKey: KEY, projectApiKey: PROJECT, flags: [] }),
    );
    expect(
      statusOf(await use(fx, posthog(server.url), 'phx_wrong'), 'flag.internal'),
    ).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/refused the personal API key \(401\)/),
    });
    expect(statusOf(await use(fx, posthog(server.url), null), 'flag.internal').detail).toMatch(
      /No PostHog personal API key is kept/,
    );
    const gone = await startPosthogStandIn({
      personalApiKey: KEY,
      projectApiKey: PROJECT,
      flags: [],
    });
    await gone.close();
    const fx2 = await flagSession();
    expect(statusOf(await use(fx2, posthog(gone.url), KEY), 'flag.internal').detail).toMatch(
      /cannot be reached: ECONNREFUSED/,
    );
  });

  it('refuses plain http to another machine: a key never travels in clear', async () => {
    const fx = await flagSession();
    await expect(
      use(fx, { kind: 'posthog', host: 'http://posthog.example.com', projectApiKey: PROJECT }, KEY),
    ).rejects.toMatchObject({ code: 'invalid_argument' });
    expect((await fx.host.call('preflight.get', { sessionId: fx.sessionId })).hasToken).toBe(false);
  });
});
