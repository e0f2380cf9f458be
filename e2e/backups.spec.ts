import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import { newDataDir, startHost } from './host';
import { prepareSession } from './runSetup';

test('a backup made when a session ended is restored from the Backups dialog: the host restarts on it and the page follows', async ({
  page,
  request,
}) => {
  const dataDir = newDataDir();
  let host = await startHost({ dataDir });
  try {
    const kept = await prepareSession(request, host, { title: 'Ended before the backup' });
    await kept.call('run.start', { sessionId: kept.sessionId });
    await kept.call('run.end', { sessionId: kept.sessionId });
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Backups' }).click();
    const backups = page.getByRole('list', { name: 'Backups' });
    const sessionEnd = backups.getByRole('listitem').filter({ hasText: 'A session ended' });
    await expect(sessionEnd).toHaveCount(1); // made in the background when the session ended
    await page.getByRole('button', { name: 'Close' }).click();
    await prepareSession(request, host, { title: 'Made after the backup' });
    await expect(page.getByRole('link', { name: /Made after the backup/ })).toBeVisible();

    await page.getByRole('button', { name: 'Backups' }).click();
    await sessionEnd.getByRole('button', { name: 'Restore…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Restore this backup?' });
    await expect(confirm).toContainText('what was recorded since is not in it');
    await expect(confirm).toContainText('Ensemble restarts at once');
    await confirm.getByRole('button', { name: 'Restore' }).click();
    await expect(
      page.getByText(/Ensemble restarts and this page reconnects by itself/),
    ).toBeVisible();
    // The host restarts on the restored store, and the page reconnects and reloads by itself.
    await expect(page.getByRole('link', { name: /Made after the backup/ })).toHaveCount(0, {
      timeout: 20_000,
    });
    await expect(page.getByRole('link', { name: /Ended before the backup/ })).toBeVisible();
    // And it stays so across a real restart of the host process.
    await host.stop();
    host = await startHost({ dataDir });
    await page.goto(host.url);
    await expect(page.getByRole('link', { name: /Ended before the backup/ })).toBeVisible();
    await expect(page.getByRole('link', { name: /Made after the backup/ })).toHaveCount(0);
    // What was replaced is kept, and can be restored the same way.
    await page.getByRole('button', { name: 'Backups' }).click();
    await expect(
      page.getByRole('list', { name: 'Backups' }).getByText(/Set aside by a restore/),
    ).toHaveCount(1);
  } finally {
    await host.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
