import fs from 'node:fs';
import { afterEach } from 'vitest';
import type { RunningHost } from '../electron/host/start';
import { tempDataDir } from './tempHost';

/**
 * For a test file that starts real hosts: `hosts` to push them on and `dataDir()` for fresh
 * folders; after each test the hosts are closed and the folders removed.
 */
export function startedHostsCleanedUp() {
  const dirs: string[] = [];
  const hosts: RunningHost[] = [];
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((h) => h.close()));
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  const dataDir = () => {
    const d = tempDataDir();
    dirs.push(d);
    return d;
  };
  return { hosts, dataDir };
}
