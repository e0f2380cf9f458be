import AxeBuilder from '@axe-core/playwright';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { newDataDir, ROOT } from './host';

/**
 * The desktop app's People and links, without an Electron binary: test-support/desktopStandIn.ts
 * starts the host the way electron/main.ts does (mode desktop, no web server, the participant
 * server set up) in its own process, and stands in for the window with a loopback page holding
 * the host's own token: the same renderer, reaching the same API over HTTP instead of IPC.
 */

const TOKEN = 'desktop-window-stand-in-0123456789abcdef';
const outside = Object.values(os.networkInterfaces())
  .flatMap((list) => list ?? [])
  .find((i) => !i.internal && i.family === 'IPv4')?.address;

let child: ChildProcess;
let dataDir: string;
let windowUrl: string;

test.beforeEach(async () => {
  dataDir = newDataDir();
  const script = path.join(dataDir, 'desktop-stand-in.cjs');
  buildSync({
    entryPoints: [path.join(ROOT, 'test-support', 'desktopStandIn.ts')],
    outfile: script,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    packages: 'external',
    logLevel: 'warning',
    absWorkingDir: ROOT,
  });
  child = spawn(process.execPath, [script, dataDir, path.join(ROOT, 'dist', 'renderer'), TOKEN], {
    cwd: ROOT,
    // The bundle sits in the temporary folder; its packages are the project's.
    env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr!.on('data', (d) => (out += d));
  windowUrl = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /window (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`stand-in exited with ${code}:\n${out}`)));
  });
});
test.afterEach(async () => {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** A call with the host's own token, as the desktop window makes it. */
async function call(request: APIRequestContext, method: string, data: unknown) {
  const res = await request.post(`${new URL(windowUrl).origin}/api/${method}`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
    data,
  });
  const body = await res.json();
  if (!body.ok) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

async function openLink(browser: Browser, url: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(url);
  return page;
}

test('the facilitator shares links from the desktop app, lets the network join, and stops', async ({
  browser,
  page,
  request,
}) => {
  const { session } = await call(request, 'sessions.create', { title: 'Checkout' });
  for (const name of ['Ana', 'Dev'])
    await call(request, 'participants.add', { sessionId: session.id, name, function: 'support' });
  await page.goto(windowUrl);
  await page.goto(`${new URL(windowUrl).origin}/#/sessions/${session.id}/prepare`);
  const panel = page.getByRole('region', { name: 'People and links' });
  const status = panel.getByRole('status');
  const dev = panel.getByRole('listitem', { name: 'Dev' });

  // Nothing is served yet: no link can be made.
  await expect(status).toHaveText(/^Not shared: nobody else can open a link/);
  await expect(dev.getByRole('button', { name: 'Create link' })).toBeDisabled();
  await expect(panel.getByLabel('Join page address')).toHaveCount(0);

  await panel.getByRole('switch', { name: 'Share personal links' }).check();
  await expect(status).toHaveText(
    /^Shared on this computer only, at http:\/\/127\.0\.0\.1:\d+\. To invite others/,
  );
  const local = /at (http:\/\/127\.0\.0\.1:\d+)/.exec((await status.textContent())!)![1]!;
  await dev.getByRole('button', { name: 'Create link' }).click();
  const address = dev.getByLabel('Link for Dev');
  await expect(address).toHaveValue(new RegExp(`^${local}/#/join\\?t=ens_p_`));
  const devPage = await openLink(browser, await address.inputValue());
  await expect(devPage.getByTestId('person-now')).toHaveText(
    'You are Dev. The session has not started yet.',
  );
  const axe = await new AxeBuilder({ page }).include('.people-links').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual(
    [],
  );

  if (outside) {
    await panel.getByRole('checkbox', { name: 'Let people on this network join' }).check();
    const port = new URL(local).port;
    const remote = `http://${outside}:${port}`;
    await expect(status).toHaveText(
      `People on this network open their links at ${remote}. From other computers only personal links work.`,
    );
    // The link shown moves to the address others reach; the same token opens it from there.
    await expect(address).toHaveValue(new RegExp(`^${remote}/#/join\\?t=ens_p_`));
    await expect(panel.getByLabel('Join page address')).toHaveValue(
      `${remote}/#/join/${session.id}`,
    );
    const fromAfar = await openLink(browser, await address.inputValue());
    await expect(fromAfar.getByTestId('person-now')).toHaveText(
      'You are Dev. The session has not started yet.',
    );
  }

  await panel.getByRole('switch', { name: 'Share personal links' }).uncheck();
  await expect(status).toHaveText(/^Not shared/);
  await expect(address).toHaveCount(0);
  await expect(dev.getByRole('button', { name: 'New link' })).toBeDisabled();
  expect((await call(request, 'links.sharing', {})).state).toBe('off');
});
