import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

async function create(page: Page, title: string) {
  await page.getByRole('button', { name: 'New session' }).click();
  await page.getByRole('dialog').getByLabel('Title').fill(title);
  await page.getByRole('button', { name: 'Create and prepare' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await page.getByRole('link', { name: '← Sessions' }).click();
}

test('sessions: search, duplicate as template, archive, and delete only after confirming', async ({
  page,
  host,
}) => {
  await page.goto(host.url);
  await expect(page.getByText('No sessions yet')).toBeVisible();
  await create(page, 'Checkout v2');
  await create(page, 'Search facets');
  const list = page.getByRole('list', { name: 'Sessions' });
  await expect(list.getByRole('listitem')).toHaveCount(2);

  await page.getByRole('searchbox', { name: 'Search sessions' }).fill('check');
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list.getByRole('listitem').first()).toHaveAccessibleName('Checkout v2');
  await page.getByRole('searchbox', { name: 'Search sessions' }).fill('');
  await expect(list.getByRole('listitem')).toHaveCount(2);

  // Duplicate as template opens the copy, a fresh draft.
  await list
    .getByRole('listitem', { name: 'Checkout v2' })
    .getByRole('button', { name: 'Duplicate as template' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Checkout v2 (copy)' })).toBeVisible();
  await page.getByRole('link', { name: '← Sessions' }).click();
  await expect(list.getByRole('listitem')).toHaveCount(3);

  // Archive hides it from the default list; "Show archived" brings it back.
  await list
    .getByRole('listitem', { name: 'Search facets' })
    .getByRole('button', { name: 'Archive' })
    .click();
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await page.getByLabel('Show archived').check();
  await expect(list.getByRole('listitem', { name: 'Search facets' })).toContainText('archived');

  // Delete asks first; Cancel keeps it, confirming removes it for good.
  const copy = list.getByRole('listitem', { name: 'Checkout v2 (copy)' });
  await copy.getByRole('button', { name: 'Delete' }).click();
  await page
    .getByRole('dialog', { name: 'Delete “Checkout v2 (copy)”?' })
    .getByRole('button', { name: 'Cancel' })
    .click();
  await expect(copy).toBeVisible();
  await copy.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('button', { name: 'Delete session' }).click();
  await expect(copy).toHaveCount(0);
  await page.reload();
  await page.getByLabel('Show archived').check();
  await expect(list.getByRole('listitem')).toHaveCount(2);
});

test('an unknown session shows "not found", never a crash', async ({ page, host }) => {
  await page.goto(host.url);
  await page.goto(`${host.origin}/#/sessions/01ARZ3NDEKTSV4RRFFQ69G5FAV/prepare`);
  await expect(page.getByRole('heading', { name: 'Session not found' })).toBeVisible();
});

test('a second browser sees changes made in the first', async ({ page, host, browser }) => {
  await page.goto(host.url);
  const other = await browser.newPage();
  await other.goto(host.url);
  await expect(other.getByText('No sessions yet')).toBeVisible();
  await create(page, 'Shared prep');
  await expect(other.getByRole('listitem', { name: 'Shared prep' })).toBeVisible();
  await other.close();
});
