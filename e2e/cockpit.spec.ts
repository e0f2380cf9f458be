import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { openRun, prepareSession, sendTenantLogs } from './runSetup';

/** The whole box of the element lies inside the viewport: seen without scrolling. */
async function expectInViewport(page: Page, locator: Locator) {
  const box = await locator.boundingBox();
  const size = page.viewportSize()!;
  expect(box, 'on screen').not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(size.width);
  expect(box!.y + box!.height).toBeLessThanOrEqual(size.height);
}

for (const [width, height] of [
  [1280, 720],
  [1920, 1080],
]) {
  test(`at ${width}×${height} the capture bar and the log list are both on screen during a running session`, async ({
    page,
    request,
    host,
  }) => {
    await page.setViewportSize({ width: width!, height: height! });
    const { sessionId, call } = await prepareSession(request, host);
    await call('run.start', { sessionId });
    await sendTenantLogs(
      host,
      Array.from({ length: 30 }, (_, i) => ({
        message: `checkout page served ${i}`,
        secondsAgo: 30 - i,
      })),
    );
    await openRun(page, host, sessionId);
    const log = page.getByRole('log', { name: 'Log events' });
    await expect(log.getByRole('button', { name: /checkout page served 29/ })).toBeVisible();

    await expectInViewport(page, page.getByRole('region', { name: 'Take a note' }));
    await expectInViewport(page, log);
    await expectInViewport(page, page.getByRole('searchbox', { name: 'Search logs' }));
    // The page itself does not scroll: each side scrolls on its own.
    expect(await page.evaluate(() => document.scrollingElement!.scrollHeight)).toBeLessThanOrEqual(
      height!,
    );
    if (width === 1920) {
      // The whole window is used: notes and feed together are wider than the old 1,280 px page.
      const notes = await page.getByRole('region', { name: 'Notes' }).boundingBox();
      const feed = await page.getByRole('region', { name: 'Live feed' }).boundingBox();
      expect(feed!.x + feed!.width - notes!.x).toBeGreaterThan(1300);
    }
  });
}

test('below 1,280 px the Run view stacks: notes first, then the feed, and the page scrolls', async ({
  page,
  request,
  host,
}) => {
  await page.setViewportSize({ width: 1000, height: 720 });
  const { sessionId, call } = await prepareSession(request, host);
  await call('run.start', { sessionId });
  await openRun(page, host, sessionId);
  const notes = await page.getByRole('region', { name: 'Notes' }).boundingBox();
  const feed = await page.getByRole('region', { name: 'Live feed' }).boundingBox();
  expect(feed!.y).toBeGreaterThanOrEqual(notes!.y + notes!.height);
  await expectInViewport(page, page.getByRole('region', { name: 'Take a note' }));
});

test('the whole session runs from the keyboard: start, note, rotate, goals, help, Present and back', async ({
  page,
  request,
  host,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const { sessionId } = await prepareSession(request, host);
  await openRun(page, host, sessionId);

  await expect(page.getByRole('button', { name: 'Start session' })).toBeVisible();
  // The first Tab stops skip to the note and to the log search.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to the main content' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to the note' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to the log search' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('searchbox', { name: 'Search logs' })).toBeFocused();
  // Typing there is text, not a shortcut: no Present, no panel toggled, no pause.
  await page.keyboard.type('rpfg');
  await expect(page.getByRole('searchbox', { name: 'Search logs' })).toHaveValue('rpfg');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Exit presentation' })).toHaveCount(0);

  // Start: back with Shift+Tab to the button (no mouse), Enter.
  const start = page.getByRole('button', { name: 'Start session' });
  await expect(start).toBeVisible();
  for (let i = 0; i < 40 && !(await start.evaluate((b) => b === document.activeElement)); i++)
    await page.keyboard.press('Shift+Tab');
  await expect(start).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('role-driver')).toHaveText('Ana');

  // A note; shortcuts wait until focus leaves the field (Tab to the next control).
  await page.keyboard.press('ControlOrMeta+k');
  await page.keyboard.type('obs: rotate the card form');
  await page.keyboard.press('Enter');
  await expect(
    page.getByRole('listitem', { name: 'Observation: rotate the card form' }),
  ).toBeVisible();
  await expect(page.getByTestId('role-driver')).toHaveText('Ana');
  await page.keyboard.press('Tab');

  // R rotates.
  await page.keyboard.press('r');
  await expect(page.getByTestId('role-driver')).toHaveText('Ben');

  // P pauses and resumes.
  await page.keyboard.press('p');
  await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible();
  await page.keyboard.press('p');
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();

  // G hides and shows the goals and rotation panel, focus landing in it when shown.
  const board = page.getByRole('list', { name: 'Goal board' });
  await expect(board).toBeVisible();
  await page.keyboard.press('g');
  await expect(board).toBeHidden();
  await page.keyboard.press('g');
  await expect(board).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Goals and rotation' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Focus on' }).first()).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Focus', exact: true })).toBeVisible();

  // ? opens the help, a dialog that lists the shortcuts; Esc closes it.
  await page.keyboard.press('Shift+?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help).toContainText('Rotate now');
  await expect(help).toContainText('Pause or resume');
  // Shortcuts sleep while the dialog is open.
  await page.keyboard.press('r');
  await expect(page.getByTestId('role-driver')).toHaveText('Ben');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  // F presents the roles full screen, F again comes back.
  await page.keyboard.press('f');
  const present = page.getByRole('button', { name: 'Exit presentation' });
  await expect(present).toBeVisible();
  await expect(page.getByRole('region', { name: 'Roles now' })).toHaveClass(/presenting/);
  await page.keyboard.press('f');
  await expect(page.getByRole('button', { name: 'Present', exact: true })).toBeVisible();

  // / jumps to the log search.
  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox', { name: 'Search logs' })).toBeFocused();
});
