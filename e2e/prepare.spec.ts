import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { startHost } from './host';

const PEOPLE = [
  ['Ana Silva', 'Product'],
  ['Ben Okafor', 'Engineering'],
  ['Cleo Park', 'Support'],
  ['Dev Mehta', 'Customer success'],
  ['Eli Novak', 'Design'],
] as const;
/** The roster once Eli's handle is dragged above Ben's. */
const REORDERED_ROSTER = ['Ana Silva', 'Eli Novak', 'Ben Okafor', 'Cleo Park', 'Dev Mehta'];
const GOALS = [
  ['Pay by card in the new checkout', 'must'],
  ['Apply a discount code', 'should'],
  ['Refund a partial order', 'must'],
  ['Checkout with a saved address', 'could'],
  ['Error messages are understandable', 'should'],
  ['Switch currency mid-checkout', 'could'],
] as const;

const goalTitles = (page: Page) =>
  page.getByRole('list', { name: 'Goals' }).getByRole('textbox', { name: 'Goal' });
const roster = (page: Page) =>
  page.getByRole('list', { name: 'Roster' }).getByRole('textbox', { name: 'Name' });
/** The values of a list of inputs, in order, retried until they match. */
const expectValues = (locator: ReturnType<Page['locator']>, values: string[]) =>
  expect
    .poll(() => locator.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)))
    .toEqual(values);

async function createSession(page: Page, title: string) {
  await page.getByRole('button', { name: 'New session' }).click();
  await page.getByRole('dialog').getByLabel('Title').fill(title);
  await page.getByRole('button', { name: 'Create and prepare' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

async function setField(page: Page, label: string, value: string) {
  const field = page.getByLabel(label, { exact: true });
  await field.fill(value);
  await field.blur();
}

test('a facilitator prepares a complete session and finds it intact after a reload and a host restart', async ({
  page,
  host,
}, testInfo) => {
  await page.goto(host.url);
  // The token leaves the address bar as soon as the page has it.
  await expect(page).not.toHaveURL(/token=/);
  await createSession(page, 'New checkout — internal tenant');

  await setField(
    page,
    'Charter',
    'Explore the new checkout with internal accounts to discover what blocks a purchase',
  );
  await setField(page, 'Feature under test', 'New checkout');
  await setField(page, 'Feature flag key', 'new-checkout');
  await setField(page, 'Release / version', '2026.11.3');
  await page.getByLabel('Time-box').selectOption('60');
  await setField(page, 'Rotation every (minutes)', '10');
  await expect(page.getByText('All changes saved')).toBeVisible();

  // Participants, added from the keyboard: type, Enter.
  for (const [name, fn] of PEOPLE) {
    const form = page.getByRole('form', { name: 'Add participant' });
    await form.getByLabel('Function').selectOption({ label: fn });
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('Name').press('Enter');
    await expect(roster(page).last()).toHaveValue(name);
  }
  await page.getByLabel('Facilitator').selectOption({ label: 'Cleo Park' });
  await page.getByLabel('Product owner').selectOption({ label: 'Ana Silva' });

  for (const [title, priority] of GOALS) {
    const form = page.getByRole('form', { name: 'Add goal' });
    await form.getByLabel('Priority').selectOption(priority);
    await form.getByLabel('Goal').fill(title);
    await form.getByLabel('Goal').press('Enter');
    await expect(goalTitles(page).last()).toHaveValue(title);
  }

  // Import 12 CSV rows: 10 good, 2 rejected with reasons.
  const csv = [
    'Goal,Priority,Owner,Sticky colour',
    ...Array.from(
      { length: 10 },
      (_, i) => `Imported goal ${i + 1},${['must', 'should', 'could'][i % 3]},Ben Okafor,yellow`,
    ),
    ',must,Ben Okafor,pink',
    'Checkout in one click,urgent,,green',
  ].join('\n');
  const file = testInfo.outputPath('goals.csv');
  fs.writeFileSync(file, csv);
  await page.getByLabel('Goals file').setInputFiles(file);
  const dialog = page.getByRole('dialog', { name: 'Import goals from goals.csv' });
  await expect(
    dialog.getByText('10 goals will be imported, 2 rows rejected. Columns ignored: Sticky colour.'),
  ).toBeVisible();
  const rejected = dialog.getByRole('table', { name: 'Rejected rows' });
  await expect(rejected.getByRole('row', { name: /12 .*Goal is required/ })).toBeVisible();
  await expect(
    rejected.getByRole('row', { name: /13 .*Priority "urgent" is not must, should or could/ }),
  ).toBeVisible();
  await dialog.getByRole('button', { name: 'Import 10 goals' }).click();
  await expect(dialog).toBeHidden();
  await expect(goalTitles(page)).toHaveCount(16);

  // Dot votes: Ana places 2 dots on one goal and 1 on another; the 4th is refused.
  await page.getByLabel('Voting as').selectOption({ label: 'Ana Silva' });
  await page.getByRole('button', { name: 'Add a dot to Refund a partial order' }).click();
  await page.getByRole('button', { name: 'Add a dot to Refund a partial order' }).click();
  await page.getByRole('button', { name: 'Add a dot to Apply a discount code' }).click();
  await expect(page.getByText('Ana Silva has 0 dots left')).toBeVisible();
  await page.getByRole('button', { name: 'Add a dot to Imported goal 1', exact: true }).click();
  await expect(
    page.getByRole('alert').filter({ hasText: 'Ana Silva has used all 3 dots' }),
  ).toBeVisible();
  await page.getByLabel('Voting as').selectOption({ label: 'Ben Okafor' });
  await page.getByRole('button', { name: 'Add a dot to Refund a partial order' }).click();

  // Reorder goals with the keyboard: "Refund a partial order" (3rd) to the top.
  const refund = goalTitles(page).nth(2);
  await refund.focus();
  await refund.press('Alt+ArrowUp');
  await expect(goalTitles(page).nth(1)).toHaveValue('Refund a partial order');
  await goalTitles(page).nth(1).press('Alt+ArrowUp');
  await expect(goalTitles(page).first()).toHaveValue('Refund a partial order');

  // Reorder the roster by dragging Eli's handle above Ben's.
  const handles = page.getByRole('list', { name: 'Roster' }).getByRole('button', { name: /^Move/ });
  await page.getByRole('list', { name: 'Roster' }).scrollIntoViewIfNeeded();
  const from = (await handles.nth(4).boundingBox())!;
  const to = (await handles.nth(1).boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2, from.y - 10, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2 - 4, { steps: 15 });
  await page.mouse.up();
  await expectValues(roster(page), REORDERED_ROSTER);

  const expectIntact = async () => {
    await expect(page.getByLabel('Charter')).toHaveValue(/what blocks a purchase/);
    await expect(page.getByLabel('Feature flag key')).toHaveValue('new-checkout');
    await expect(page.getByLabel('Release / version')).toHaveValue('2026.11.3');
    await expect(page.getByLabel('Time-box')).toHaveValue('60');
    await expect(page.getByLabel('Rotation every (minutes)')).toHaveValue('10');
    await expect(page.getByLabel('Facilitator')).toHaveValue(/.+/);
    await expect(page.getByLabel('Facilitator').locator('option:checked')).toHaveText('Cleo Park');
    await expect(page.getByLabel('Product owner').locator('option:checked')).toHaveText(
      'Ana Silva',
    );
    await expectValues(roster(page), REORDERED_ROSTER);
    await expect(goalTitles(page)).toHaveCount(16);
    await expect(goalTitles(page).first()).toHaveValue('Refund a partial order');
    await expect(goalTitles(page).last()).toHaveValue('Imported goal 10');
    await expect(page.getByRole('list', { name: 'Goals' }).getByLabel('3 dots')).toHaveCount(1);
    await expect(
      page.getByRole('list', { name: 'Goals' }).getByLabel('1 dot', { exact: true }),
    ).toHaveCount(1);
  };

  await page.reload();
  await expectIntact();

  // Restart the host on the same data folder: same token, same data.
  const port = new URL(host.url).port;
  await host.stop();
  const again = await startHost({ dataDir: host.dataDir, port: Number(port) });
  try {
    expect(again.token).toBe(host.token);
    await page.reload();
    await expectIntact();
    await page.getByRole('link', { name: '← Sessions' }).click();
    const row = page.getByRole('listitem', { name: 'New checkout — internal tenant' });
    await expect(row).toContainText('5 participants · 16 goals');
  } finally {
    await again.stop();
  }
});

test('the next person and goal can be typed while the last is still being added', async ({
  page,
  host,
}) => {
  await page.goto(host.url);
  await createSession(page, 'Typed ahead');
  // The host's answers are held until the next name and goal are typed.
  let release = () => {};
  const held = new Promise<void>((r) => (release = r));
  for (const method of ['participants.add', 'goals.add'])
    await page.route(`**/api/${method}`, async (route) => {
      await held;
      await route.continue();
    });
  const people = page.getByRole('form', { name: 'Add participant' });
  await people.getByLabel('Name').fill('Ana');
  await people.getByLabel('Name').press('Enter');
  await expect(people.getByLabel('Name')).toHaveValue(''); // cleared at once
  await people.getByLabel('Name').fill('Ben');
  const goals = page.getByRole('form', { name: 'Add goal' });
  await goals.getByLabel('Goal').fill('Pay by card');
  await goals.getByLabel('Goal').press('Enter');
  await goals.getByLabel('Goal').fill('Apply a coupon');
  release();
  await expectValues(roster(page), ['Ana']);
  await expectValues(goalTitles(page), ['Pay by card']);
  // The answers came back: what was typed meanwhile is still there, and goes in next.
  await expect(people.getByLabel('Name')).toHaveValue('Ben');
  await expect(goals.getByLabel('Goal')).toHaveValue('Apply a coupon');
  await people.getByLabel('Name').press('Enter');
  await goals.getByLabel('Goal').press('Enter');
  await expectValues(roster(page), ['Ana', 'Ben']);
  await expectValues(goalTitles(page), ['Pay by card', 'Apply a coupon']);
});

test('validation errors appear next to the field and nothing is saved', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByRole('button', { name: 'New session' }).click();
  await page.getByRole('button', { name: 'Create and prepare' }).click();
  await expect(page.getByRole('dialog').getByRole('alert')).toHaveText('Title is required');
  await page.getByRole('dialog').getByLabel('Title').fill('Search facets');
  await page.getByRole('button', { name: 'Create and prepare' }).click();

  await setField(page, 'Feature flag key', 'new checkout!');
  await expect(
    page.getByText(
      'Flag key may hold letters, digits and . _ : / - and must start with a letter or digit',
    ),
  ).toBeVisible();
  await setField(page, 'Rotation every (minutes)', '0');
  await expect(page.getByText('Rotation interval must be at least 1 minute')).toBeVisible();
  await setField(page, 'Title', '   ');
  await expect(page.getByText('Title is required')).toBeVisible();

  const form = page.getByRole('form', { name: 'Add participant' });
  await form.getByLabel('Name').fill('Ana');
  await form.getByLabel('Email (optional)').fill('ana-at-example');
  await form.getByRole('button', { name: 'Add participant' }).click();
  await expect(form.getByText('Email must look like name@example.com')).toBeVisible();
  await page
    .getByRole('form', { name: 'Add goal' })
    .getByRole('button', { name: 'Add goal' })
    .click();
  await expect(
    page.getByRole('form', { name: 'Add goal' }).getByText('Goal is required'),
  ).toBeVisible();

  // A Markdown file with no checklist is refused with a reason, and imports nothing.
  await page.getByLabel('Goals file').setInputFiles({
    name: 'notes.md',
    mimeType: 'text/markdown',
    buffer: Buffer.from('# Notes\njust prose\n'),
  });
  await expect(page.getByRole('dialog').getByRole('alert')).toHaveText(
    'No checklist items found: expected lines like "- [ ] goal"',
  );
  await expect(page.getByRole('button', { name: /^Import \d+ goals?$/ })).toBeDisabled();
  await page.getByRole('button', { name: 'Cancel' }).click();

  await page.reload();
  await expect(page.getByLabel('Title', { exact: true })).toHaveValue('Search facets');
  await expect(page.getByLabel('Feature flag key')).toHaveValue('');
  await expect(page.getByLabel('Rotation every (minutes)')).toHaveValue('8');
  await expect(page.getByRole('list', { name: 'Roster' })).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'Goals' })).toHaveCount(0);
});

test('goals import from a Markdown checklist and export as CSV that imports back', async ({
  page,
  host,
}, testInfo) => {
  await page.goto(host.url);
  await createSession(page, 'Exports');
  await page.getByLabel('Goals file').setInputFiles({
    name: 'goals.md',
    mimeType: 'text/markdown',
    buffer: Buffer.from(
      '# Goals\n## Must\n- [ ] Pay, then refund\n- [x] Use a "quoted" coupon\n## Could\n- [ ] Dark mode\n',
    ),
  });
  await page.getByRole('button', { name: 'Import 3 goals' }).click();
  await expectValues(goalTitles(page), ['Pay, then refund', 'Use a "quoted" coupon', 'Dark mode']);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = testInfo.outputPath('export.csv');
  await (await download).saveAs(file);
  expect((await download).suggestedFilename()).toBe('exports-goals.csv');
  const text = fs.readFileSync(file, 'utf8');
  expect(text.split('\r\n')).toEqual([
    'title,priority,owner,detail,votes',
    '"Pay, then refund",must,,,0',
    '"Use a ""quoted"" coupon",must,,,0',
    'Dark mode,could,,,0',
  ]);
  expect(path.basename(file)).toBe('export.csv');
});
