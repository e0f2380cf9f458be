import { test as base, expect } from '@playwright/test';
import fs from 'node:fs';
import { startHost, type RunningHost } from './host';

/** Every test gets its own host process and its own fresh data folder. */
export const test = base.extend<{ host: RunningHost; hostArgs: string[] }>({
  /** Extra arguments for the host, e.g. `test.use({ hostArgs: ['--test-clock'] })`. */
  hostArgs: [[], { option: true }],
  host: async ({ hostArgs }, use) => {
    const host = await startHost({ args: hostArgs });
    await use(host);
    await host.stop();
    fs.rmSync(host.dataDir, { recursive: true, force: true });
  },
});

export { expect };
