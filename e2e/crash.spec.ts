import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { startHost } from './host';
import { startedRun, typeNote } from './runSetup';

const timelineNotes = (page: Page) =>
  page.getByRole('list', { name: 'Timeline entries' }).locator('.timeline-note');

test('a host killed with SIGKILL while notes are written loses none and duplicates none', async ({
  page,
  request,
}) => {
  let host = await startHost();
  const port = Number(new URL(host.url).port);
  const dataDir = host.dataDir;
  try {
    const { sessionId } = await startedRun(page, request, host);
    await typeNote(page, 'obs: written before the crash');
    await expect(timelineNotes(page)).toHaveCount(1);
    await expect(page.getByRole('status', { name: 'Sync' })).toHaveText('Saved');

    // Notes keep coming while the host dies mid-stream.
    await typeNote(page, 'bug: typed as the host dies');
    await host.stop('SIGKILL');
    await typeNote(page, 'q: typed while the host is down');
    await typeNote(page, 'risk: also typed while down');
    await expect(page.getByRole('status', { name: 'Sync' })).toContainText(/Offline|pending/);
    await expect(timelineNotes(page)).toHaveCount(4);

    host = await startHost({ dataDir, port });
    await expect(page.getByRole('status', { name: 'Sync' })).toHaveText('Saved', {
      timeout: 20_000,
    });
    await expect(timelineNotes(page)).toHaveCount(4);
    await expect(page.getByText('pending', { exact: true })).toHaveCount(0);

    const res = await request.post(`${host.origin}/api/notes.timeline`, {
      headers: { Authorization: `Bearer ${host.token}` },
      data: { sessionId },
    });
    const texts: string[] = (await res.json()).result.notes
      .map((n: { text: string }) => n.text)
      .sort();
    expect(texts).toEqual([
      'also typed while down',
      'typed as the host dies',
      'typed while the host is down',
      'written before the crash',
    ]);
  } finally {
    await host.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a dropped connection and a reload lose nothing; a lost acknowledgement does not duplicate', async ({
  page,
  request,
}) => {
  const host = await startHost();
  try {
    const { sessionId } = await startedRun(page, request, host);

    // The connection drops: the outbox keeps the notes on this device.
    await page.route('**/api/notes.apply', (route) => route.abort('internetdisconnected'));
    await typeNote(page, 'first while disconnected');
    await typeNote(page, 'second while disconnected');
    await expect(timelineNotes(page)).toHaveCount(2);

    await expect(page.getByRole('status', { name: 'Sync' })).toContainText(
      /2 (pending|notes kept)/,
    );
    // A half-typed note survives the reload too.
    await page.keyboard.press('ControlOrMeta+k');
    await page.keyboard.type('half-typed draft');
    await page.waitForTimeout(300);
    await page.reload();
    await expect(timelineNotes(page)).toHaveCount(2);
    await expect(page.getByLabel('Note', { exact: true })).toHaveValue('half-typed draft');

    // The host gets the ops but its answer is lost: the client retries, the host says "duplicate".
    let dropped = 0;
    await page.unroute('**/api/notes.apply');
    await page.route('**/api/notes.apply', async (route) => {
      if (dropped++ === 0) {
        await route.fetch();
        await route.abort('connectionreset');
      } else await route.continue();
    });
    await page.getByLabel('Note', { exact: true }).press('Enter');
    await expect(page.getByRole('status', { name: 'Sync' })).toHaveText('Saved', {
      timeout: 20_000,
    });
    expect(dropped).toBeGreaterThan(1);
    await expect(timelineNotes(page)).toHaveCount(3);
    const res = await request.post(`${host.origin}/api/notes.timeline`, {
      headers: { Authorization: `Bearer ${host.token}` },
      data: { sessionId },
    });
    const texts = (await res.json()).result.notes.map((n: { text: string }) => n.text);
    expect(texts.sort()).toEqual([
      'first while disconnected',
      'half-typed draft',
      'second while disconnected',
    ]);
  } finally {
    await host.stop();
    fs.rmSync(host.dataDir, { recursive: true, force: true });
  }
});
