import { expect, test } from '@playwright/test';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { newDataDir, ROOT, startHost } from './host';

/** Runs web mode on a folder expected to be refused; resolves with its exit code and output. */
function refusedStart(dataDir: string) {
  const child = spawn(
    process.execPath,
    [
      path.join(ROOT, 'dist/electron/web.cjs'),
      '--port',
      '0',
      '--ingest-port',
      '0',
      '--data-dir',
      dataDir,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise<{ code: number | null; out: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, out })),
  );
}

test('a second web host on the same data folder refuses to start and says which process holds it', async ({
  page,
}) => {
  const first = await startHost();
  try {
    const second = await refusedStart(first.dataDir);
    expect(second.code).toBe(1);
    expect(second.out).toContain(
      `ensemble: The data folder ${first.dataDir} is in use by process ${first.process.pid} (web mode, running since`,
    );
    expect(second.out).not.toContain('    at '); // no stack trace
    // The first one is unharmed.
    await page.goto(first.url);
    await expect(page.getByRole('heading', { name: 'Sessions' })).toBeVisible();
  } finally {
    await first.stop();
  }
});

test('a host killed outright leaves no lock behind: the next start works', async () => {
  const dataDir = newDataDir();
  const first = await startHost({ dataDir });
  await first.stop('SIGKILL');
  const second = await startHost({ dataDir });
  await second.stop();
});

test('a damaged store is refused with the file, the problem and the restore command', async () => {
  const dataDir = newDataDir();
  const first = await startHost({ dataDir });
  await first.stop();
  const file = path.join(dataDir, 'ensemble.db');
  fs.writeFileSync(file, Buffer.alloc(8192, 7));
  const refused = await refusedStart(dataDir);
  expect(refused.code).toBe(1);
  expect(refused.out).toContain(
    `ensemble: Ensemble cannot use ${file}: it is not an Ensemble store`,
  );
  expect(refused.out).toMatch(
    /ensemble backups restore ensemble-\d{8}-\d{6}-\d{3}-daily\.db --data-dir /,
  );
  expect(refused.out).not.toContain('    at ');
});
