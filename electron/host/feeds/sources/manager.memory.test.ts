import v8 from 'node:v8';
import vm from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { runFixture } from '../../../../test-support/runFixture';

// Alone in its file (its own process): memory freed by an earlier test's host cannot land in
// the middle of this one's measurement, as it did in a loaded CI run.
let fx: Awaited<ReturnType<typeof runFixture>>;
afterEach(() => fx.host.dispose());
const waitFor = async (check: () => Promise<boolean> | boolean, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

// A full collection before reading memory, so what is still held is what the host keeps.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const buffersHeld = () => {
  gc();
  return process.memoryUsage().arrayBuffers;
};
const MB = 1024 * 1024;

describe('local sources', { timeout: 90_000 }, () => {
  it('hold the lines a command printed only while its session can still run it', async () => {
    fx = await runFixture();
    const { host, sessionId } = fx;
    const base = buffersHeld();
    const script = `for (let i = 0; i < 1000; i++) console.log('line ' + i); setInterval(() => {}, 1000);`;
    await host.call('sources.add', {
      sessionId,
      source: {
        kind: 'command',
        name: 'printer',
        command: `"${process.execPath}" -e "${script}"`,
        tenancy: 'single',
      },
    });
    await host.call('sources.list', { sessionId });
    // Listing a source that never ran holds nothing for it.
    await waitFor(() => buffersHeld() - base < 2 * MB);

    await host.call('run.start', { sessionId });
    const read = async () => (await host.call('sources.list', { sessionId }))[0]!.lines!.read;
    await waitFor(async () => (await read()) === 1000);
    // While the session runs, the last lines printed are remembered (a restarted command
    // printing them again is not stored twice): a ring of 8 MB.
    await waitFor(() => buffersHeld() - base > 6 * MB);
    const held = buffersHeld();

    await host.call('run.end', { sessionId });
    await waitFor(
      async () => (await host.call('sources.list', { sessionId }))[0]!.status === 'off',
    );
    // Ended: it never runs again, so the ring is given back; the counts stay on the list. (Other
    // buffers of the process come and go meanwhile — pipes, the writer's messages — so this
    // waits until a collection finds the ring gone, and fails if it never is.)
    await waitFor(() => held - buffersHeld() > 6 * MB);
    expect(await read()).toBe(1000);
  });
});
