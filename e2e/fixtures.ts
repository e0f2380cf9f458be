import { test as base, expect } from '@playwright/test';
import fs from 'node:fs';
import { startHost, type RunningHost } from './host';

/** Every test gets its own host process and its own fresh data folder. */
export const test = base.extend<{ host: RunningHost; hostArgs: string[] }>({
  /** Extra arguments for the host, e.g. `test.use({ hostArgs: ['--test-clock'] })`. */
  hostArgs: [[], { option: true }],
  host: async ({ hostArgs }, use, testInfo) => {
    const host = await startHost({ args: hostArgs });
    await use(host);
    // A failed test carries what its host printed, and whether it was still running.
    if (testInfo.status !== testInfo.expectedStatus) {
      const { exitCode, signalCode } = host.process;
      const state =
        exitCode === null && signalCode === null
          ? 'still running'
          : `exited (code ${exitCode}, signal ${signalCode})`;
      await testInfo.attach('host output', {
        body: `host ${state} at the end of the test\n\n${host.output()}`,
        contentType: 'text/plain',
      });
    }
    await host.stop();
    fs.rmSync(host.dataDir, { recursive: true, force: true });
  },
});

export { expect };
