import { expect, test } from './fixtures';
import type { RunningHost } from './host';
import { postInternalLogs, startedRun, typeNote } from './runSetup';

/** Error records of the internal tenant, as an OpenTelemetry exporter posts them. */
const sendErrors = (host: RunningHost, message: string, count: number) =>
  postInternalLogs(
    host,
    Array.from({ length: count }, (_, i) => ({
      timeUnixNano: `${Date.now() + i}000000`,
      severityText: 'ERROR',
      body: { stringValue: message },
    })),
  );

test('a deleted note comes back with Undo, also after a reload within the undo window, and only once', async ({
  page,
  request,
  host,
}) => {
  const { sessionId, call } = await startedRun(page, request, host);
  await typeNote(page, 'obs: the basket keeps its items after login');
  const note = page.getByRole('listitem', {
    name: 'Observation: the basket keeps its items after login',
  });
  await expect(note).toBeVisible();

  // One click deletes, nothing is asked; the toast offers Undo.
  await note.getByRole('button', { name: 'Delete' }).click();
  await expect(note).toHaveCount(0);
  const toasts = page.getByRole('region', { name: 'Notifications' });
  await expect(toasts.getByRole('status').filter({ hasText: 'Note deleted' })).toBeVisible();
  await toasts.getByRole('button', { name: 'Undo' }).click();
  await expect(note).toBeVisible();
  await expect(toasts.getByText('Note restored')).toBeVisible();

  // Deleted again, then the page reloads before the undo runs out: it is offered again.
  await note.getByRole('button', { name: 'Delete' }).click();
  await expect(note).toHaveCount(0);
  await expect.poll(async () => (await call('notes.timeline', { sessionId })).notes.length).toBe(0);
  await page.reload();
  await expect(page.getByLabel('Note', { exact: true })).toBeEnabled();
  await expect(note).toHaveCount(0);
  await toasts.getByRole('button', { name: 'Undo' }).click();
  await expect(note).toBeVisible();
  await expect
    .poll(async () => (await call('notes.timeline', { sessionId })).notes)
    .toMatchObject([{ text: 'the basket keeps its items after login', deletedAt: null }]);
  await page.reload();
  await expect(note).toHaveCount(1);
  await expect(toasts.getByRole('button', { name: 'Undo' })).toHaveCount(0);
});

test('the error groups offered while a bug is typed stand still under the pointer, and the one clicked is pinned and confirmed', async ({
  page,
  request,
  host,
}) => {
  await startedRun(page, request, host);
  await sendErrors(host, 'payment declined by gateway', 3);
  await sendErrors(host, 'coupon service timed out', 2);
  await expect(page.getByLabel('Note', { exact: true })).toBeEnabled();
  await page.getByLabel('Note', { exact: true }).fill('bug: paying fails');

  const offered = page
    .getByRole('list', { name: 'Recent error groups to pin' })
    .getByRole('button');
  // Each group once, with its count; the most recent first.
  await expect(offered).toHaveCount(2);
  await expect(offered.nth(0)).toContainText('coupon service timed out');
  await expect(offered.nth(0)).toContainText('2×');
  await expect(offered.nth(1)).toContainText('3×');

  // The pointer rests on the first; new errors arrive, one of a group more recent than both.
  await offered.nth(0).hover();
  await sendErrors(host, 'payment declined by gateway', 4);
  await sendErrors(host, 'inventory lookup failed', 1);
  await expect(offered.nth(1)).toContainText('7×'); // counts follow…
  await expect(offered).toHaveCount(2); // …but nothing moves or joins while held
  await expect(offered.nth(0)).toContainText('coupon service timed out');

  await offered.nth(0).click();
  await expect(offered.nth(0)).toHaveAttribute('aria-pressed', 'true');
  const chips = page.getByRole('group', { name: 'Evidence for the next note' });
  await expect(chips.getByText(/📎 Error group: .*coupon service timed out/)).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Pinned to the next note' })).toHaveText(
    /coupon service timed out/,
  );

  // Released, the list follows the feed again: the newest group comes first.
  await page.mouse.move(0, 0);
  await page.getByLabel('Note', { exact: true }).focus();
  await expect(offered.nth(0)).toContainText('inventory lookup failed');
  await page.getByLabel('Note', { exact: true }).press('Enter');
  await expect(
    page
      .getByRole('listitem', { name: 'Bug: paying fails' })
      .getByRole('list', { name: 'Evidence' }),
  ).toContainText('coupon service timed out');
});
