import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { startHost, type RunningHost } from './host';
import { startedRun, typeNote } from './runSetup';

const timelineNotes = (page: Page) =>
  page.getByRole('list', { name: 'Timeline entries' }).locator('.timeline-note');
const waiting = (page: Page) =>
  page.getByRole('heading', { name: 'Waiting for the Ensemble host…' });

/** A started run with one stored note, open in `page`, its shell kept by the service worker. */
async function runWithNote(page: Page, host: RunningHost) {
  const prepared = await startedRun(page, page.request, host);
  await typeNote(page, 'obs: stored before the fault');
  await expect(page.getByRole('status', { name: 'Sync' })).toHaveText('Saved');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  return prepared;
}

/** The same host again: same data folder, same port (the page's address). */
const restart = (host: RunningHost) =>
  startHost({ dataDir: host.dataDir, port: Number(new URL(host.origin).port) });

// These specs are about the service worker: let it register (the other specs block it).
test.use({ serviceWorkers: 'allow' });

test.describe('pages recover by themselves', () => {
  let host: RunningHost;
  test.beforeEach(async () => {
    host = await startHost();
  });
  test.afterEach(async () => {
    await host.stop();
    fs.rmSync(host.dataDir, { recursive: true, force: true });
  });

  for (const moment of ['the page is asked for', 'the page first calls the host'] as const) {
    test(`a host killed as ${moment} during a reload: the page comes back with its data`, async ({
      page,
    }) => {
      await runWithNote(page, host);
      const dying = host;
      page.on('request', (request) => {
        const first =
          moment === 'the page is asked for'
            ? request.isNavigationRequest()
            : new URL(request.url()).pathname.startsWith('/api/');
        if (first) dying.process.kill('SIGKILL');
      });
      await page.reload({ waitUntil: 'commit' }).catch(() => {});
      await dying.stop();
      await expect(
        // The connection badge (the sync indicator beside it may say "Offline" too).
        waiting(page).or(page.locator('.connection').filter({ hasText: /Offline|Connecting/ })),
      ).toBeVisible();
      host = await restart(host);
      await expect(timelineNotes(page)).toHaveText([/stored before the fault/], {
        timeout: 20_000,
      });
      await expect(page.locator('.connection')).toHaveText('Connected');
    });
  }

  test('a page opened while the host is down waits for it, then loads', async ({
    page,
    context,
  }) => {
    const { sessionId } = await runWithNote(page, host);
    await host.stop('SIGKILL');
    const again = await context.newPage();
    // The app's warnings: a worker whose script was not kept would leave notes to the page.
    const warnings: string[] = [];
    again.on('console', (m) => {
      if (m.text().startsWith('[ensemble]')) warnings.push(m.text());
    });
    await again.goto(`${host.origin}/#/sessions/${sessionId}/run`);
    await expect(waiting(again)).toBeVisible();
    await expect(again.getByRole('status')).toHaveText(/Retrying in \d+ s|Trying to reach it/);
    await expect(again.getByText('Connected')).toHaveCount(0);
    host = await restart(host);
    await expect(timelineNotes(again)).toHaveText([/stored before the fault/], {
      timeout: 20_000,
    });
    await expect(again.locator('.connection')).toHaveText('Connected');
    // Its workers came from the kept files too: a note goes through them.
    await typeNote(again, 'obs: written after the host came back');
    await expect(again.getByRole('status', { name: 'Sync' })).toHaveText('Saved');
    expect(warnings).toEqual([]);
    const workers = again.workers().map((w) => w.url());
    expect(workers).toEqual(
      expect.arrayContaining([
        expect.stringContaining('opsWriter.worker'),
        expect.stringContaining('callWorker.worker'),
      ]),
    );
  });

  test('a note written while the host is down is sent when it returns, once, without a reload', async ({
    page,
  }) => {
    const { call, sessionId } = await runWithNote(page, host);
    await host.stop('SIGKILL');
    await typeNote(page, 'q: written while the host is down');
    await expect(timelineNotes(page)).toHaveCount(2);
    // A reload while it is still down: the page waits, the note stays on this device.
    await page.reload();
    await expect(waiting(page)).toBeVisible();
    await page.getByRole('button', { name: 'Retry now' }).click();
    await expect(waiting(page)).toBeVisible();
    host = await restart(host);
    await expect(page.getByRole('status', { name: 'Sync' })).toHaveText('Saved', {
      timeout: 20_000,
    });
    await expect(timelineNotes(page)).toHaveCount(2);
    const texts = (await call('notes.timeline', { sessionId })).notes.map(
      (n: { text: string }) => n.text,
    );
    expect(texts.sort()).toEqual(['stored before the fault', 'written while the host is down']);
  });
});
