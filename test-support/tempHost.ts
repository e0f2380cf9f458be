import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHost, type Host, type HostOptions } from '../electron/host/host';

/** A real host over a real SQLite file in a fresh temporary folder. */
export function tempDataDir(prefix = 'ensemble-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function createTempHost(
  dataDir = tempDataDir(),
  options: Partial<Pick<HostOptions, 'testClock' | 'writerScript' | 'log'>> = {},
): Host & { dataDir: string; dispose(): void } {
  const host = createHost({
    dataDir,
    mode: 'web',
    validateResults: true,
    log: () => {},
    ...options,
  });

  return {
    ...host,
    dataDir,
    dispose() {
      host.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
