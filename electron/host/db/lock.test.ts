import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitOf, REPO_ROOT, spawnProgram, waitForOutput } from '../../../test-support/childScript';
import { startedHostsCleanedUp } from '../../../test-support/startedHosts';
import { startHost } from '../start';
import { DataFolderInUseError, lockDataFolder } from './lock';

const { hosts, dataDir } = startedHostsCleanedUp();
const quiet = { log: () => {} };

/** A child process that takes the folder with the real lock and holds it until killed. */
const holder = (dir: string) =>
  spawnProgram(
    `import { lockDataFolder } from ${JSON.stringify(path.join(REPO_ROOT, 'electron/host/db/lock.ts'))};
     lockDataFolder(process.argv[2]!, 'web');
     console.log('holding');
     setInterval(() => {}, 1000);`,
    [dir],
  );

describe('one host per data folder', () => {
  it('a second host in the same process is refused and says who holds the folder', async () => {
    const dir = dataDir();
    const first = await startHost({ dataDir: dir, mode: 'web', ingest: null, ...quiet });
    hosts.push(first);
    const error = await startHost({ dataDir: dir, mode: 'desktop', ingest: null, ...quiet }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DataFolderInUseError);
    expect((error as Error).message).toContain(
      `The data folder ${dir} is in use by process ${process.pid} (web mode, running since `,
    );
    // The first host is untouched and keeps working.
    await first.call('sessions.create', { title: 'Still here', tenantId: 'internal' });
    expect((await first.call('sessions.list', {})).map((s) => s.title)).toEqual(['Still here']);
  });

  it('a host in another process holds it: refused with its pid; once that process is killed, the folder is free', async () => {
    const dir = dataDir();
    const child = holder(dir);
    await waitForOutput(child, 'holding');
    await expect(startHost({ dataDir: dir, mode: 'web', ingest: null, ...quiet })).rejects.toThrow(
      `is in use by process ${child.pid} (web mode, running since`,
    );
    child.kill('SIGKILL');
    await exitOf(child);
    // Its note is left behind, naming a dead process; the lock itself went with the process.
    expect(fs.existsSync(path.join(dir, 'ensemble.lock.json'))).toBe(true);
    const host = await startHost({ dataDir: dir, mode: 'web', ingest: null, ...quiet });
    hosts.push(host);
    expect(await host.call('sessions.list', {})).toEqual([]);
  });

  it('the read-only CLI is not locked out by a running host', async () => {
    const dir = dataDir();
    const app = await startHost({ dataDir: dir, mode: 'web', ingest: null, ...quiet });
    hosts.push(app);
    await app.call('sessions.create', { title: 'Checkout', tenantId: 'internal' });
    const cli = await startHost({ dataDir: dir, mode: 'cli', ingest: null, ...quiet });
    hosts.push(cli);
    expect((await cli.call('sessions.list', {})).map((s) => s.title)).toEqual(['Checkout']);
  });

  it('a closed host frees the folder for the next one', async () => {
    const dir = dataDir();
    const first = await startHost({ dataDir: dir, mode: 'web', ingest: null, ...quiet });
    await first.close();
    const second = lockDataFolder(dir, 'restore');
    second.release();
  });
});
