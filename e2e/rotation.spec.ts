import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { startHost, type RunningHost } from './host';
import { openRun, prepareSession } from './runSetup';

let host: RunningHost;
test.beforeEach(async () => {
  host = await startHost({ args: ['--test-clock'] });
});
test.afterEach(async () => {
  await host.stop();
  fs.rmSync(host.dataDir, { recursive: true, force: true });
});

/** A started session with 10-minute turns (none ends by itself during a test), open in Run. */
async function running(
  page: Page,
  request: APIRequestContext,
  options: { noteWriters?: string } = {},
) {
  const prepared = await prepareSession(request, host, { ...options, rotationMinutes: 10 });
  await prepared.call('run.start', { sessionId: prepared.sessionId });
  await openRun(page, host, prepared.sessionId);
  return prepared;
}

type Note = { text: string; authorId: string; roles: { roleKey: string; participantId: string }[] };

test('a note typed across a rotation is saved whole and attributed to its writer; the next note-taker is told', async ({
  page,
  request,
}) => {
  const { sessionId, people, call } = await running(page, request, { noteWriters: 'note-taker' });
  await expect(page.getByTestId('role-note-taker')).toHaveText('Cleo');
  const box = page.getByLabel('Note', { exact: true });
  await expect(box).toBeEnabled();
  await page.keyboard.press('ControlOrMeta+k');
  await page.keyboard.type('bug: the refund total is off');

  // The turn ends while Cleo is mid-sentence.
  await call('run.rotate', { sessionId });
  await expect(page.getByTestId('role-note-taker')).toHaveText('Dev');
  await expect(page.getByRole('status').filter({ hasText: 'Cleo is finishing a note' })).toHaveText(
    'Cleo is finishing a note — Dev takes notes once it is saved',
  );
  await expect(box).toBeEnabled();
  await expect(box).toBeFocused();
  await page.keyboard.type(' by one cent');
  await page.keyboard.press('Enter');
  await expect(box).toHaveValue('');

  const saved = async () =>
    ((await call('notes.timeline', { sessionId })) as { notes: Note[] }).notes;
  await expect.poll(async () => (await saved()).length).toBe(1);
  const [note] = await saved();
  expect(note!.text).toBe('the refund total is off by one cent');
  expect(note!.authorId).toBe(people.Cleo);
  // The roles of the moment Cleo began the note.
  expect(note!.roles.find((r) => r.roleKey === 'note-taker')?.participantId).toBe(people.Cleo);
  await expect(page.getByRole('status').filter({ hasText: 'finishing a note' })).toHaveCount(0);

  // Saved: the box is Dev's now.
  await page.keyboard.type('obs: next one is mine');
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await saved()).length).toBe(2);
  expect((await saved())[1]!.authorId).toBe(people.Dev);
});

test('a reload mid-sentence, before or after a rotation, keeps the note its writer began', async ({
  page,
  request,
}) => {
  const { sessionId, people, call } = await running(page, request, { noteWriters: 'note-taker' });
  await expect(page.getByTestId('role-note-taker')).toHaveText('Cleo');
  const box = page.getByLabel('Note', { exact: true });
  await expect(box).toBeEnabled();
  await page.keyboard.press('ControlOrMeta+k');
  await page.keyboard.type('bug: the refund total');
  const grace = page.getByRole('status').filter({ hasText: 'finishing a note' });

  // Reloaded before the turn ends: nothing typed since, and still Cleo's note after it ends.
  await page.reload();
  await expect(box).toHaveValue('bug: the refund total');
  await call('run.rotate', { sessionId });
  await expect(page.getByTestId('role-note-taker')).toHaveText('Dev');
  await expect(grace).toHaveText('Cleo is finishing a note — Dev takes notes once it is saved');

  // Reloaded after the turn ended: the grace comes back with the text.
  await page.reload();
  await expect(box).toHaveValue('bug: the refund total');
  await expect(grace).toHaveText('Cleo is finishing a note — Dev takes notes once it is saved');
  await expect(box).toBeEnabled();
  await page.keyboard.press('ControlOrMeta+k');
  await page.keyboard.type(' is off by one cent');
  await page.keyboard.press('Enter');
  await expect(box).toHaveValue('');

  const saved = async () =>
    ((await call('notes.timeline', { sessionId })) as { notes: Note[] }).notes;
  await expect.poll(async () => (await saved()).length).toBe(1);
  const [note] = await saved();
  expect(note!.text).toBe('the refund total is off by one cent');
  expect(note!.authorId).toBe(people.Cleo);
  expect(note!.roles.find((r) => r.roleKey === 'note-taker')?.participantId).toBe(people.Cleo);
  await expect(grace).toHaveCount(0);
});

test('a joiner lands at the end of the queue: no role now, and drives after everyone waiting', async ({
  page,
  request,
}) => {
  const { sessionId, call } = await running(page, request);
  await expect(page.getByTestId('role-navigator')).toHaveText('Dev');
  await call('participants.add', { sessionId, name: 'Eli', function: 'design' });
  // Eli waits behind Ben (waiting already) and ahead of the role holders in the wheel.
  const order = page.getByRole('list', { name: 'Rotation order' }).getByRole('listitem');
  await expect(order).toHaveCount(5);
  expect(
    await order.evaluateAll((items) => items.map((i) => i.getAttribute('aria-label'))),
  ).toEqual(['Ana', 'Ben', 'Eli', 'Cleo', 'Dev']);
  await expect(page.getByTestId('role-driver')).toHaveText('Ana');
  await expect(page.getByTestId('role-navigator')).toHaveText('Dev');
  await expect(page.getByTestId('role-note-taker')).toHaveText('Cleo');
  await expect(page.getByTestId('role-next')).toHaveText('Ben');
  await call('run.rotate', { sessionId });
  await expect(page.getByTestId('role-driver')).toHaveText('Ben');
  await expect(page.getByTestId('role-next')).toHaveText('Eli');
});

test('a break shows a screen with a countdown, and Resume now resumes', async ({
  page,
  request,
}) => {
  const { sessionId, call } = await running(page, request);
  await page.getByRole('button', { name: 'Take a break' }).click();
  const screen = page.getByRole('region', { name: 'Break' });
  await expect(screen).toBeVisible();
  await expect(screen.getByRole('timer', { name: 'Break time left' })).toHaveText(/^[45]:\d\d$/);
  await expect(screen).toContainText('Ana drives when you are back');
  const axe = await new AxeBuilder({ page }).include('.break-screen').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual(
    [],
  );
  await screen.getByRole('button', { name: 'Resume now' }).focus();
  await page.keyboard.press('Enter');
  await expect(screen).toBeHidden();
  await expect(page.getByRole('button', { name: 'Take a break' })).toBeVisible();
  expect(((await call('run.state', { sessionId })) as { status: string }).status).toBe('running');
});

test('Esc leaves Present mode', async ({ page, request }) => {
  await running(page, request);
  await page.getByRole('button', { name: 'Present' }).click();
  await expect(page.getByRole('button', { name: 'Exit presentation' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Present', exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Roles now' })).not.toHaveClass(/presenting/);
});
