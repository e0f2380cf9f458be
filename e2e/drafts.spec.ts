import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';
import { startedRun } from './runSetup';

const noteField = (page: Page) => page.getByLabel('Note', { exact: true });
const timelineNotes = (page: Page) =>
  page.getByRole('list', { name: 'Timeline entries' }).locator('.timeline-note');

test('a draft typed right before a reload keeps every character', async ({
  page,
  request,
  host,
}) => {
  test.setTimeout(120_000); // every step runs on a throttled page
  await startedRun(page, request, host);
  await expect(noteField(page)).toBeEnabled();
  // A loaded machine, as in the CI run where "half-typed dra" came back: the page's own work
  // (and any write it leaves for later) runs slowly, the reload does not wait for it.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 10 });
  for (const text of ['q: does the refund keep the voucher', 'risk: reloaded at once!']) {
    await noteField(page).fill('');
    await page.keyboard.press('ControlOrMeta+k');
    await page.keyboard.type(text);
    await page.reload(); // no pause: the last key press is the last thing before the reload
    await expect(noteField(page)).toHaveValue(text);
  }
  await expect(timelineNotes(page)).toHaveCount(0);
});

test('a pasted note saved with Enter and reloaded at once is stored once and not kept as a draft', async ({
  page,
  request,
  host,
}) => {
  const { call, sessionId } = await startedRun(page, request, host);
  const texts = ['pasted one', 'pasted two', 'pasted three', 'pasted four'];
  for (const text of texts) {
    await expect(noteField(page)).toBeEnabled();
    await page.keyboard.press('ControlOrMeta+k');
    await page.keyboard.insertText(text); // one input event, as a paste makes
    await page.keyboard.press('Enter');
    await page.reload();
    await expect(noteField(page)).toHaveValue('');
  }
  await expect(page.getByRole('status', { name: 'Sync' })).toHaveText('Saved', {
    timeout: 20_000,
  });
  await expect(timelineNotes(page)).toHaveCount(texts.length);
  const stored = (await call('notes.timeline', { sessionId })).notes.map(
    (n: { text: string }) => n.text,
  );
  expect(stored.sort()).toEqual([...texts].sort());
  // Enter in the empty bar after all these reloads adds nothing.
  await page.keyboard.press('ControlOrMeta+k');
  await page.keyboard.press('Enter');
  await page.reload();
  await expect(timelineNotes(page)).toHaveCount(texts.length);
});
