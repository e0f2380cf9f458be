import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
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
