import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { startHost, type RunningHost } from './host';
import { ulid } from 'ulid';
import { openRun, prepareSession, typeNote } from './runSetup';

let host: RunningHost;
test.beforeEach(async () => {
  host = await startHost({ args: ['--test-clock'] });
});
test.afterEach(async () => {
  await host.stop();
  fs.rmSync(host.dataDir, { recursive: true, force: true });
});

const notes = (page: Page) =>
  page.getByRole('list', { name: 'Timeline entries' }).locator('.timeline-note');

test('a session runs through two rotations with notes of every type taken from the keyboard, and survives a reload', async ({
  page,
  request,
}) => {
  const { sessionId, call } = await prepareSession(request, host);
  await openRun(page, host, sessionId);
  await page.getByRole('button', { name: 'Start session' }).click();
  await expect(page.getByTestId('role-driver')).toHaveText('Ana');
  await expect(page.getByTestId('role-navigator')).toHaveText('Dev');
  await expect(page.getByTestId('role-note-taker')).toHaveText('Cleo');
  await expect(page.getByTestId('role-next')).toHaveText('Ben');

  await page
    .getByRole('listitem', { name: 'Pay by card' })
    .getByRole('button', { name: 'Focus on' })
    .click();
  await expect(page.getByText('Attached to the focus goal: Pay by card')).toBeVisible();

  // Prefixes choose the type…
  await typeNote(page, 'bug: total shows twice #pricing');
  await typeNote(page, 'q: is tax included in the total?');
  await typeNote(page, 'idea: remember the last card #ux');
  // …and so do Ctrl/Cmd+digit and the arrow keys.
  await page.keyboard.press('ControlOrMeta+k');
  await page.keyboard.press('ControlOrMeta+5');
  await page.keyboard.type('refunds on orders from before the flag');
  await page.keyboard.press('Enter');
  await page.keyboard.press('ControlOrMeta+k');
  await page.keyboard.press('ControlOrMeta+1');
  await page.keyboard.press('ArrowUp'); // observation → good (wraps)
  await expect(page.getByRole('radio', { name: 'Good' })).toBeChecked();
  await page.keyboard.type('coupon applied instantly');
  await page.keyboard.press('Enter');
  await typeNote(page, 'obs: spinner for four seconds');
  // An empty note is refused with a hint.
  await page.keyboard.press('ControlOrMeta+k');
  await page.keyboard.press('Enter');
  await expect(
    page
      .getByRole('alert')
      .filter({ hasText: 'An empty note is not saved — type something first' }),
  ).toBeVisible();

  await expect(page.getByRole('status', { name: 'Sync' })).toHaveText('Saved');
  await expect(notes(page)).toHaveCount(6);
  for (const [type, text] of [
    ['Bug', 'total shows twice #pricing'],
    ['Question', 'is tax included in the total?'],
    ['Idea', 'remember the last card #ux'],
    ['Risk', 'refunds on orders from before the flag'],
    ['Good', 'coupon applied instantly'],
    ['Observation', 'spinner for four seconds'],
  ]) {
    await expect(page.getByRole('listitem', { name: `${type}: ${text}` })).toContainText(
      '→ Pay by card',
    );
  }

  // Goal statuses.
  await page.getByLabel('Status of Pay by card').selectOption('concern');
  await page.getByLabel('Status of Refund a partial order').selectOption('exploring');

  // Two rotations: the host records them when the (test) clock passes each turn's end.
  await call('dev.advanceClock', { ms: 60_000 });
  await expect(page.getByTestId('role-driver')).toHaveText('Ben');
  await expect(page.getByTestId('role-navigator')).toHaveText('Ana');
  await call('dev.advanceClock', { ms: 60_000 });
  await expect(page.getByTestId('role-driver')).toHaveText('Cleo');
  await expect(page.getByText('Turn 3 · 2 rotations')).toBeVisible();
  await expect(page.getByText('Rotated (turn ended)')).toHaveCount(2);

  // Filters: by type and by tag.
  await page.getByLabel('Type', { exact: true }).selectOption('bug');
  await expect(notes(page)).toHaveCount(1);
  await page.getByLabel('Type', { exact: true }).selectOption('all');
  await page.getByLabel('Tag').selectOption('ux');
  await expect(notes(page)).toHaveText([/remember the last card/]);
  await page.getByLabel('Tag').selectOption('');

  const elapsedBefore = await page.getByLabel('Elapsed').textContent();
  await page.reload();
  await expect(notes(page)).toHaveCount(6);
  await expect(page.getByTestId('role-driver')).toHaveText('Cleo');
  await expect(page.getByLabel('Status of Pay by card')).toHaveValue('concern');
  await expect(page.getByLabel('Status of Refund a partial order')).toHaveValue('exploring');
  // The clock carries on from where it was: two (test-clock) minutes and more, never earlier
  // than before the reload, and still ticking.
  const seconds = (text: string | null) => {
    const [m, sec] = (text ?? '').split(':').map(Number);
    return m! * 60 + sec!;
  };
  expect(seconds(elapsedBefore)).toBeGreaterThanOrEqual(120);
  const first = await page.getByLabel('Elapsed').textContent();
  expect(seconds(first)).toBeGreaterThanOrEqual(seconds(elapsedBefore));
  await expect(page.getByLabel('Elapsed')).not.toHaveText(first!, { timeout: 3000 });
});

test('pause, break, skip, swap and end, each on the timeline; an ended session refuses notes', async ({
  page,
  request,
}) => {
  const { sessionId } = await prepareSession(request, host);
  await openRun(page, host, sessionId);
  await page.getByRole('button', { name: 'Start session' }).click();
  await page
    .getByRole('listitem', { name: 'Ben' })
    .getByRole('button', { name: 'Stepped away' })
    .click();
  await expect(page.getByTestId('role-next')).toHaveText('Cleo');
  await page.getByLabel('Swap Ana with').selectOption({ label: 'Dev' });
  await expect(page.getByTestId('role-driver')).toHaveText('Dev');
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible();
  await page.getByRole('button', { name: 'Resume' }).click();
  await page.getByRole('button', { name: 'Take a break' }).click();
  await page.getByRole('button', { name: 'End break' }).click();
  await page.getByRole('button', { name: 'End session' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'End session' }).click();
  await expect(page.getByLabel('Note', { exact: true })).toBeDisabled();
  await expect(page.getByLabel('Note', { exact: true })).toHaveAttribute(
    'placeholder',
    'The session has ended',
  );
  const list = page.getByRole('list', { name: 'Timeline entries' });
  for (const text of [
    'Session started',
    'Ben stepped away',
    'Ana and Dev swapped',
    'Paused',
    'Resumed',
    'Break',
    'Session ended',
  ]) {
    await expect(list.getByText(text, { exact: true }).first()).toBeVisible();
  }
});

test('a long timeline shows its newest 200 entries and the older ones on request', async ({
  page,
  request,
}) => {
  const { sessionId, people, call } = await prepareSession(request, host);
  const start = await call('run.start', { sessionId });
  const ops = Array.from({ length: 230 }, (_, i) => ({
    opId: ulid(),
    kind: 'note.create',
    at: start.hostNow + i,
    note: {
      id: ulid(),
      type: 'observation',
      text: `observation ${i + 1}`,
      tags: [],
      authorId: people.Ana,
      goalId: null,
    },
  }));
  for (let i = 0; i < ops.length; i += 100)
    await call('notes.apply', { sessionId, ops: ops.slice(i, i + 100) });
  await openRun(page, host, sessionId);
  await page.getByLabel('Rotations and changes').uncheck();
  await expect(notes(page)).toHaveCount(200);
  await expect(notes(page).first()).toContainText('observation 230');
  await page.getByRole('button', { name: 'Show 30 older of 30' }).click();
  await expect(notes(page)).toHaveCount(230);
  await expect(notes(page).last()).toContainText('observation 1');
});
