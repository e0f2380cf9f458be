import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { startDemoTenant } from './demoTenant';
import { startHost } from './host';
import { createSessionInUi, overridePreflight } from './runSetup';

test('with the demo tenant running, its errors reach the feed and the error groups and can be pinned to a note', async ({
  page,
  request,
}) => {
  const host = await startHost();
  let demo: Awaited<ReturnType<typeof startDemoTenant>> | null = null;
  try {
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Try the demo tenant' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Demo: new checkout on the internal tenant' }),
    ).toBeVisible();
    // The demo names a flag but no flag system: its pre-flight blocks Start until overridden.
    await overridePreflight(page, 'Demo shop: its flag is on for the internal tenant only');
    await page.getByRole('link', { name: /Run/ }).click();
    await page.getByRole('button', { name: 'Start session' }).click();
    await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
    // The shop starts after the session: an error group it shows is new in this session.
    demo = await startDemoTenant(host.ingest!, 4);
    await expect(
      page
        .getByRole('list', { name: 'Sources' })
        .or(page.getByRole('heading', { name: 'Sources' })),
    ).toBeVisible();

    // The driver checks out an empty cart as the internal tenant: the new checkout crashes. (How
    // fast it shows is measured by npm run bench:ingest, not asserted here.)
    const res = await request.post(`${demo.url}api/checkout?tenant=internal`, {
      data: { items: [] },
    });
    expect(res.status()).toBe(500);
    const feed = page.getByRole('log', { name: 'Log events' });
    await expect(
      feed
        .getByRole('button', {
          name: /ERROR .*checkout failed: Cannot read properties of undefined/,
        })
        .first(),
    ).toBeVisible();
    const group = page
      .getByRole('list', { name: 'Error groups' })
      .getByRole('listitem', { name: /TypeError: Cannot read properties of undefined/ })
      .first();
    await expect(group).toBeVisible();
    await expect(group.getByText('NEW')).toBeVisible();
    // Only the flag's code path crashes: the tenants without the flag never had it.
    await expect(group).not.toContainText('also without the flag');

    // Only the internal tenant's events are shown; the others were dropped and counted.
    await expect(feed.getByRole('button', { name: /acme-corp|globex|initech/ })).toHaveCount(0);
    await expect(page.getByText(/[1-9][\d,]* events of other tenants dropped/)).toBeVisible({
      timeout: 10_000,
    });

    // Pin the group to a bug note.
    await group.getByRole('button', { name: 'Pin' }).click();
    await expect(page.getByLabel('Evidence for the next note')).toContainText('TypeError');
    await page.getByLabel('Note', { exact: true }).fill('bug: empty cart crashes the new checkout');
    await page.getByLabel('Note', { exact: true }).press('Enter');
    const note = page.getByRole('listitem', { name: 'Bug: empty cart crashes the new checkout' });
    await expect(note.getByRole('list', { name: 'Evidence' })).toContainText(
      'Error group: TypeError: Cannot read properties of undefined',
    );

    // Nothing secret was stored: the demo logs buyers' e-mail addresses.
    const stored = await request.post(`${host.origin}/api/feeds.query`, {
      headers: { Authorization: `Bearer ${host.token}` },
      data: { sessionId: new URL(page.url()).hash.split('/')[2], limit: 500 },
    });
    const text = JSON.stringify((await stored.json()).result.events);
    expect(text).not.toMatch(/buyer-\d+@example\.com/);
    expect(text).toContain('"customer_email":"[redacted:email]"');
  } finally {
    await demo?.stop();
    await host.stop();
    fs.rmSync(host.dataDir, { recursive: true, force: true });
  }
});

test('a log file added in Prepare is followed while the session runs', async ({
  page,
}, testInfo) => {
  const host = await startHost();
  const log = testInfo.outputPath('app.log');
  fs.writeFileSync(log, 'written before the session\n');
  try {
    await page.goto(host.url);
    await createSessionInUi(page, 'File feed');
    const add = page.getByRole('form', { name: 'Add a source' });
    await add.getByLabel('Kind').selectOption('file');
    await add.getByLabel('Name').fill('app log');
    await add.getByLabel('Path').fill(log);
    // The file holds only the internal tenant's lines, which do not name it.
    await add.getByRole('radio', { name: /Single-tenant/ }).check();
    await add.getByRole('button', { name: 'Add source' }).click();
    await expect(
      page.getByRole('list', { name: 'Local sources' }).getByRole('listitem', { name: 'app log' }),
    ).toContainText('Starts when the session runs');

    await page.getByRole('link', { name: /Run/ }).click();
    await page.getByRole('button', { name: 'Start session' }).click();
    await expect(page.getByRole('listitem', { name: 'app log' })).toContainText(
      /connected|Following/,
    );
    fs.appendFileSync(
      log,
      '{"level":"error","msg":"refund failed for order 42"}\n{"level":"info","msg":"not ours","tenant.id":"acme"}\n',
    );
    const feed = page.getByRole('log', { name: 'Log events' });
    await expect(
      feed.getByRole('button', { name: /ERROR .*refund failed for order 42/ }),
    ).toBeVisible();
    await expect(
      feed.getByRole('button', { name: /written before the session|not ours/ }),
    ).toHaveCount(0);
  } finally {
    await host.stop();
    fs.rmSync(host.dataDir, { recursive: true, force: true });
  }
});
