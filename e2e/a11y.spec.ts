import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { pasteImage, prepareSession, sendTenantLogs, startedRun } from './runSetup';

/** Serious and critical violations only, each with the nodes it found, so a failure says where. */
async function seriousViolations(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${n.failureSummary}`),
      count: v.nodes.length,
    }));
}

test('axe-core finds no serious or critical violation on Sessions, Prepare, Run, Debrief and Decide', async ({
  page,
  request,
  host,
}) => {
  test.slow(); // five views and six axe-core runs: minutes on a loaded machine
  const { sessionId, call, goals, people } = await prepareSession(request, host);
  for (const goalId of Object.values(goals))
    for (const participantId of Object.values(people).slice(0, 2))
      await call('goals.vote', { goalId, participantId, delta: 1 });
  await page.setViewportSize({ width: 1280, height: 720 });

  await page.goto(host.url);
  await expect(page.getByText('New checkout — run').first()).toBeVisible();
  expect(await seriousViolations(page), 'Sessions').toEqual([]);

  await page.goto(`${host.origin}/#/sessions/${sessionId}/prepare`);
  await expect(page.getByRole('button', { name: 'Remove goal Pay by card' })).toBeVisible();
  expect(await seriousViolations(page), 'Prepare').toEqual([]);

  await call('run.start', { sessionId });
  await sendTenantLogs(
    host,
    Array.from({ length: 40 }, (_, i) => ({
      message: i % 3 === 0 ? `card declined ${i % 2}` : 'page served',
      level: i % 3 === 0 ? 'ERROR' : 'INFO',
      secondsAgo: 40 - i,
    })),
    'checkout',
  );
  await page.goto(`${host.origin}/#/sessions/${sessionId}/run`);
  const log = page.getByRole('log', { name: 'Log events' });
  await expect(log.getByRole('button').first()).toBeVisible();
  await expect(page.getByRole('region', { name: 'Error groups' })).toContainText('card declined');
  expect(await seriousViolations(page), 'Run').toEqual([]);
  await page.keyboard.press('Shift+?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  expect(await seriousViolations(page), 'Run, shortcut help').toEqual([]);
  await page.keyboard.press('Escape');

  await page.getByLabel('Note', { exact: true }).fill('bug: the total shows twice');
  await page.getByLabel('Note', { exact: true }).press('Enter');
  await expect(page.getByRole('listitem', { name: /Bug: the total shows twice/ })).toBeVisible();
  await call('run.end', { sessionId });

  await page.goto(`${host.origin}/#/sessions/${sessionId}/debrief`);
  await page.reload(); // the session was ended through the API: load it afresh
  await expect(page.getByText('the total shows twice').first()).toBeVisible();
  expect(await seriousViolations(page), 'Debrief').toEqual([]);

  await page.goto(`${host.origin}/#/sessions/${sessionId}/decide`);
  await expect(page.getByRole('region', { name: 'Recommendation' })).toBeVisible();
  expect(await seriousViolations(page), 'Decide').toEqual([]);
});

test('the redaction editor works from the keyboard: arrows move the box, Enter covers it', async ({
  page,
  request,
  host,
}) => {
  await startedRun(page, request, host);
  const note = page.getByLabel('Note', { exact: true });
  await expect(note).toBeEnabled();
  await note.focus();
  // Paste a white 400×200 PNG, as a screenshot tool would.
  await pasteImage(page, '#ffffff', '#ffffff');
  const editor = page.getByRole('dialog', { name: 'Redact and attach the screenshot' });
  const canvas = editor.getByLabel('Screenshot: drag to cover a region');
  await expect(canvas).toBeVisible();
  for (let i = 0; i < 10 && !(await canvas.evaluate((c) => c === document.activeElement)); i++)
    await page.keyboard.press('Tab');
  await expect(canvas).toBeFocused();
  await expect(editor).toContainText('Box at 34% from the left, 40% from the top');
  const pixel = (x: number, y: number) =>
    canvas.evaluate(
      (c: HTMLCanvasElement, [px, py]) => [
        ...c.getContext('2d')!.getImageData(px!, py!, 1, 1).data,
      ],
      [x, y],
    );

  await page.keyboard.press('Enter'); // covers the middle
  await expect(editor.getByText('1 region covered')).toBeVisible();
  expect(await pixel(200, 100)).toEqual([0, 0, 0, 255]);
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowLeft');
  for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+ArrowDown');
  await expect(editor).toContainText(
    'Box at 14% from the left, 40% from the top, 33% wide, 30% high',
  );
  await page.keyboard.press('Enter');
  await expect(editor.getByText('2 regions covered')).toBeVisible();
  expect(await pixel(60, 130)).toEqual([0, 0, 0, 255]);
  expect(await pixel(20, 20)).toEqual([255, 255, 255, 255]);
  // The outline of the keyboard's box is not part of the image.
  expect(await pixel(380, 190)).toEqual([255, 255, 255, 255]);
  expect(await seriousViolations(page), 'Redaction editor').toEqual([]);
  await page.keyboard.press('ControlOrMeta+z');
  await expect(editor.getByText('1 region covered')).toBeVisible();
});

test('axe-core finds no serious or critical violation on People and links, a personal Run view and the join page', async ({
  browser,
  page,
  request,
  host,
}) => {
  test.slow(); // three pages in two browsers, each with axe-core
  const { sessionId, call } = await prepareSession(request, host);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(host.url);
  await page.goto(`${host.origin}/#/sessions/${sessionId}/prepare`);
  const ben = page.getByRole('region', { name: 'People and links' }).getByRole('listitem', {
    name: 'Ben',
  });
  await ben.getByRole('button', { name: 'Create link' }).click();
  await expect(ben.getByRole('img', { name: 'QR code of Ben’s link' })).toBeVisible();
  expect(await seriousViolations(page), 'People and links').toEqual([]);

  await call('run.start', { sessionId });
  const personal = await (await browser.newContext()).newPage();
  await personal.setViewportSize({ width: 1280, height: 720 });
  await personal.goto(await ben.getByLabel('Link for Ben').inputValue());
  await expect(personal.getByTestId('person-now')).toHaveText(/^You are /);
  expect(await seriousViolations(personal), 'Run on a personal link').toEqual([]);

  const join = await (await browser.newContext()).newPage();
  await join.goto(`${host.origin}/#/join/${sessionId}`);
  await expect(join.getByRole('button', { name: 'Ask to join' })).toBeVisible();
  expect(await seriousViolations(join), 'Join page').toEqual([]);
});
