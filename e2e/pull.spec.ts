import { expect, test } from '@playwright/test';
import { startStandIn } from '../test-support/pullStandIns';
import { startHost } from './host';
import { createSessionInUi } from './runSetup';

const API_KEY = 'ddapi_e2e_0123456789abcdef0123456789';
const APP_KEY = 'ddapp_e2e_fedcba9876543210fedcba9876';

test('a Datadog source set up in Prepare feeds the Run view, its keys never reach the page, and an outage shows as a gap', async ({
  page,
  request,
}) => {
  const host = await startHost();
  const api = await startStandIn('datadog', { apiKey: API_KEY, appKey: APP_KEY, pageSize: 100 });
  const answers: string[] = [];
  page.on('response', async (r) => {
    if (r.url().includes('/api/')) answers.push(await r.text().catch(() => ''));
  });
  try {
    await page.goto(host.url);
    await createSessionInUi(page, 'Datadog feed');
    const add = page.getByRole('form', { name: 'Add a source' });
    await add.getByLabel('Kind').selectOption('datadog');
    await add.getByLabel('Name').fill('prod logs');
    await add.getByLabel('Site').fill(api.url);
    await add.getByLabel('Poll every (s)').fill('1');
    await add.getByLabel('API key').fill(API_KEY);
    await add.getByRole('button', { name: 'Add source' }).click();
    // A missing key is named next to its field, and nothing is added.
    await expect(add.getByText('Enter the application key')).toBeVisible();
    await add.getByLabel('Application key').fill(APP_KEY);
    await add.getByRole('button', { name: 'Add source' }).click();
    const item = page
      .getByRole('list', { name: 'Local sources' })
      .getByRole('listitem', { name: 'prod logs' });
    await expect(item).toContainText('@tenant.id:internal');
    await expect(item).toContainText('credentials kept by the host');
    await expect(add.getByLabel('Name')).toHaveValue('');

    api.logs.push({
      time: Date.now() - 1000,
      level: 'error',
      service: 'shop',
      message: 'payment declined for order 77',
      fields: { tenant: { id: 'internal' } },
    });
    await page.getByRole('link', { name: /Run/ }).click();
    await page.getByRole('button', { name: 'Start session' }).click();
    await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
    const feed = page.getByRole('log', { name: 'Log events' });
    try {
      await expect(
        feed.getByRole('button', { name: /ERROR .*payment declined for order 77/ }),
      ).toBeVisible();
    } catch (error) {
      // What the host and the stand-in saw, so that a failure says where the event stopped.
      const call = async (method: string, data: unknown) =>
        (
          await request.post(`${host.origin}/api/${method}`, {
            headers: { Authorization: `Bearer ${host.token}` },
            data,
          })
        ).json();
      const sessionId = /sessions\/([^/]+)/.exec(page.url())?.[1];
      const seen = {
        requests: api.requests.map((r) => ({ at: r.at, path: r.path, body: r.body })),
        sources: await call('sources.list', { sessionId }),
        stored: await call('feeds.query', { sessionId }),
        shown: await feed.innerText().catch(() => '(no feed)'),
      };
      throw new Error(`${(error as Error).message}\n${JSON.stringify(seen, null, 1)}`, {
        cause: error,
      });
    }

    api.failNext(1000, 503);
    await expect(page.getByRole('alert').filter({ hasText: /prod logs: no data/ })).toContainText(
      'HTTP 503',
    );
    expect(answers.join('\n')).not.toContain(API_KEY);
    expect(answers.join('\n')).not.toContain(APP_KEY);
  } finally {
    await host.stop();
    await api.close();
  }
});
