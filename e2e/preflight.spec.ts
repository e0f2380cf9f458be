import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { flagdSchemaErrors, loadFlagd } from '../test-support/flagdConformance';
import { startUnleashStandIn, unleashFeature } from '../test-support/flagStandIns';
import { startHost, type RunningHost } from './host';
import { openRun, overridePreflight, prepareSession } from './runSetup';

let host: RunningHost;
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(async () => {
  await host.stop();
  fs.rmSync(host.dataDir, { recursive: true, force: true });
});

test('a session whose pre-flight fails cannot start until the facilitator overrides it with a reason, which shows on the timeline', async ({
  page,
  request,
}) => {
  const { sessionId, people, call } = await prepareSession(request, host);
  await call('sessions.update', {
    id: sessionId,
    patch: { flagKey: 'new-checkout', facilitatorId: people.Cleo },
  });
  // A real flagd flag file in which the flag is on for everyone, not the internal tenant only.
  const file = path.join(host.dataDir, 'flags.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      flags: {
        'new-checkout': {
          state: 'ENABLED',
          variants: { on: true, off: false },
          defaultVariant: 'on',
        },
      },
    }),
  );
  await call('preflight.setSettings', {
    sessionId,
    settings: {
      flagSystem: { kind: 'flagd-file', path: file },
      contextKey: 'tenant',
      controlTenants: [],
    },
  });

  await page.goto(host.url);
  await page.goto(`${host.origin}/#/sessions/${sessionId}/prepare`);
  await page.getByRole('button', { name: 'Run pre-flight' }).click();
  const checks = page.getByRole('list', { name: 'Pre-flight checks' });
  await expect(checks).toContainText('the flag reaches more than the internal tenant');

  await openRun(page, host, sessionId);
  await page.getByRole('button', { name: 'Start session' }).click();
  await expect(
    page.getByText(/The pre-flight does not pass: .*Flag off for other tenants/),
  ).toBeVisible();
  expect((await call('run.state', { sessionId })).status).toBe('draft');

  await page.goto(`${host.origin}/#/sessions/${sessionId}/prepare`);
  const reason = 'Flag file is stale; checked the live flag by hand';
  await overridePreflight(page, reason, 'Cleo');

  await openRun(page, host, sessionId);
  await page.getByRole('button', { name: 'Start session' }).click();
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Timeline entries' })).toContainText(
    `Pre-flight overridden by Cleo`,
  );
  await expect(page.getByRole('list', { name: 'Timeline entries' })).toContainText(reason);
});

test('the flag system is set to Unleash in the panel: the client token is typed into a password field, kept by the host and never shown back', async ({
  page,
  request,
}) => {
  const { sessionId, people, call } = await prepareSession(request, host);
  await call('sessions.update', {
    id: sessionId,
    patch: { flagKey: 'new-checkout', facilitatorId: people.Cleo },
  });
  const token = 'default:production.e2e0a9b8c7d6e5f4a3b2c1d0';
  const unleash = await startUnleashStandIn({
    token,
    features: [
      unleashFeature('new-checkout', [
        {
          name: 'flexibleRollout',
          parameters: { rollout: '100', stickiness: 'default', groupId: 'new-checkout' },
          constraints: [{ contextName: 'tenant', operator: 'IN', values: ['internal'] }],
        },
      ]),
    ],
  });
  try {
    await page.goto(host.url);
    await page.goto(`${host.origin}/#/sessions/${sessionId}/prepare`);
    const form = page.getByRole('form', { name: 'Flag system' });
    await form.getByLabel('Flag system').selectOption('unleash');
    await form.getByLabel('Unleash API address').fill(`${unleash.url}/api`);
    const secret = form.getByLabel('Client token');
    await expect(secret).toHaveAttribute('type', 'password');
    await secret.fill(token);
    await form.getByRole('button', { name: 'Save flag system' }).click();
    await expect(form.getByText('One is kept; type to replace it')).toBeVisible();
    await expect(form.getByLabel('Client token')).toHaveValue('');

    await page.getByRole('button', { name: 'Run pre-flight' }).click();
    const checks = page.getByRole('list', { name: 'Pre-flight checks' });
    await expect(
      checks.getByRole('listitem').filter({ hasText: 'Flag on for the tenant' }),
    ).toContainText('✓ pass');
    await expect(
      checks.getByRole('listitem').filter({ hasText: 'Flag off for other tenants' }),
    ).toContainText('✓ pass');
    expect(unleash.requests[0]!.headers.authorization).toBe(token);

    await page.reload();
    await expect(
      page.getByRole('form', { name: 'Flag system' }).getByLabel('Unleash API address'),
    ).toHaveValue(`${unleash.url}/api`);
    expect(await page.content()).not.toContain(token);
  } finally {
    await unleash.close();
  }
});

test('the tenant attribute typed in Prepare is the one the downloaded flagd file targets, a file flagd accepts', async ({
  page,
  request,
}) => {
  const { sessionId, people, call } = await prepareSession(request, host);
  await call('sessions.update', {
    id: sessionId,
    patch: { flagKey: 'new-checkout', facilitatorId: people.Cleo },
  });
  await page.goto(host.url);
  await page.goto(`${host.origin}/#/sessions/${sessionId}/prepare`);
  await page.getByLabel('Tenant attribute in the flag context').fill('orgId');
  await page.getByRole('button', { name: 'Save flag system' }).click();
  await expect
    .poll(async () => (await call('preflight.get', { sessionId })).settings.contextKey)
    .toBe('orgId');

  await call('preflight.run', { sessionId });
  await call('preflight.override', {
    sessionId,
    participantId: people.Cleo,
    reason: 'No flag system in this test',
  });
  await call('run.start', { sessionId });
  await call('run.end', { sessionId });
  await call('decision.sign', {
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

  await page.goto(`${host.origin}/#/sessions/${sessionId}/decide`);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'flagd flag file' }).click();
  const file = JSON.parse(fs.readFileSync(await (await download).path(), 'utf8'));
  expect(flagdSchemaErrors(file)).toEqual([]);
  const flagd = loadFlagd(file);
  expect(flagd.flagCount).toBe(1);
  // A user the 10 % split leaves off gets the flag when the context names the tenant by orgId.
  const off = flagd.userLeftOff('new-checkout');
  expect(flagd.on('new-checkout', { targetingKey: off, orgId: 'internal' })).toBe(true);
  expect(flagd.on('new-checkout', { targetingKey: off, tenant: 'internal' })).toBe(false);
  expect(file.metadata.ensembleContext).toBe(
    JSON.stringify({ targetingKey: '<user or request id>', orgId: '<tenant>' }),
  );
});
