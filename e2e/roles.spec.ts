import { expect, test } from './fixtures';

test('the team renames, adds and removes roles and chooses who writes notes', async ({
  page,
  host,
}) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'New session' }).click();
  await page.getByRole('dialog').getByLabel('Title').fill('Roles');
  await page.getByRole('button', { name: 'Create and prepare' }).click();
  const roles = page.getByRole('list', { name: 'Roles' });
  const names = () =>
    roles.getByRole('textbox').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  await expect.poll(names).toEqual(['Driver', 'Navigator', 'Note-taker', 'Observers']);

  await roles.getByLabel('Role name (note-taker)').fill('Scribe');
  await roles.getByLabel('Role name (note-taker)').press('Enter');
  await page.getByLabel('New role name').fill('Devil’s advocate');
  await page.getByRole('button', { name: 'Add role' }).click();
  await expect
    .poll(names)
    .toEqual(['Driver', 'Navigator', 'Scribe', 'Devil’s advocate', 'Observers']);

  // The driver and observers stay; the note-taker goes only once someone else writes notes.
  await expect(roles.getByRole('button', { name: 'Remove role Driver' })).toHaveCount(0);
  await roles.getByRole('button', { name: 'Remove role Scribe' }).click();
  await expect(
    page.getByRole('alert').filter({ hasText: 'Notes are written by the Scribe' }).first(),
  ).toBeVisible();
  await page.getByLabel('Who writes notes').selectOption('everyone');
  await roles.getByRole('button', { name: 'Remove role Scribe' }).click();
  await expect.poll(names).toEqual(['Driver', 'Navigator', 'Devil’s advocate', 'Observers']);
  await page.getByLabel('Who writes notes').selectOption('note-taker');
  await expect(
    page.getByText(
      'There is no note-taker role; add it back or let the driver or everyone write notes',
    ),
  ).toBeVisible();

  await page.reload();
  await expect.poll(names).toEqual(['Driver', 'Navigator', 'Devil’s advocate', 'Observers']);
  await expect(page.getByLabel('Who writes notes')).toHaveValue('everyone');
});
