import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostEvent } from '../../shared/api/events';
import { createTempHost, tempDataDir } from '../../test-support/tempHost';
import { DB_FILENAME } from './db/database';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** A second connection to the host's store, as another program on the machine would open. */
function openBeside(dataDir: string) {
  const db = new Database(path.join(dataDir, DB_FILENAME));
  cleanups.unshift(() => db.close());
  return db;
}

describe('an error in a host timer', () => {
  it('is logged and shown, the host keeps answering, and the timer carries on once it clears', async () => {
    const logged: Array<{ message: string; error: unknown }> = [];
    const host = createTempHost(undefined, {
      testClock: true,
      log: (message, error) => logged.push({ message, error }),
    });
    cleanups.push(() => host.dispose());
    const shown: HostEvent[] = [];
    host.subscribe((e) => e.event === 'host.error' && shown.push(e));
    const { session } = await host.call('sessions.create', {
      title: 'Faults',
      rotationMinutes: 1,
      breakEvery: 0,
      autoRotate: true,
    });
    const sessionId = session.id;
    for (const name of ['Ana', 'Ben', 'Cleo'])
      await host.call('participants.add', { sessionId, name, function: 'support' });
    await host.call('run.start', { sessionId });

    // Something outside the host makes every automatic rotation fail to store.
    const beside = openBeside(host.dataDir);
    beside.exec(`CREATE TRIGGER no_auto BEFORE INSERT ON session_events
      WHEN NEW.type = 'rotation.rotated' AND NEW.payload LIKE '%auto%'
      BEGIN SELECT RAISE(ABORT, 'auto-rotation refused by a test trigger'); END`);
    const before = await host.call('run.state', { sessionId });
    // The turn ends in 20 ms of host time: the rotation timer fires and fails.
    await host.call('dev.advanceClock', {
      ms: before.turn.endsElapsedMs - before.elapsedMs - 20,
    });
    await expect.poll(() => shown.length, { timeout: 30_000 }).toBeGreaterThan(0);
    expect(shown[0]!.payload).toEqual({
      message:
        'Auto-rotation failed: auto-rotation refused by a test trigger. Ensemble carried on; ' +
        'the host log has details.',
    });
    expect(logged[0]).toMatchObject({
      message: '[ensemble] Auto-rotation failed; carrying on',
      error: { message: 'auto-rotation refused by a test trigger' },
    });

    // The host still answers and still writes.
    expect((await host.call('run.state', { sessionId })).rotationCount).toBe(0);
    await host.call('goals.add', { sessionId, title: 'Refund', priority: 'must' });
    expect((await host.call('sessions.get', { id: sessionId })).goals).toHaveLength(1);

    // Once the cause is gone, the timer looks again by itself and records the turn that ended.
    beside.exec('DROP TRIGGER no_auto');
    const auto = async () =>
      (await host.call('notes.timeline', { sessionId })).events.filter(
        (e) => e.type === 'rotation.rotated' && e.payload.reason === 'auto',
      ).length;
    await expect.poll(auto, { timeout: 60_000 }).toBeGreaterThan(0);
  }, 180_000);
});

describe('web mode after an error nothing caught', () => {
  it('logs it and keeps serving instead of exiting', async () => {
    const dir = tempDataDir();
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const script = path.join(dir, 'crashy.cjs');
    // A real process with the same guard web mode installs, then an uncaught throw and rejection.
    await build({
      stdin: {
        contents: `
          import { keepServingOnUncaughtErrors } from './boundary';
          keepServingOnUncaughtErrors((what, error) => console.log('reported', what, error.message));
          setTimeout(() => { throw new Error('thrown in a timer'); }, 1);
          void Promise.reject(new Error('rejected in a callback'));
          setTimeout(() => console.log('still serving'), 100);
        `,
        resolveDir: path.resolve('electron/host'),
        loader: 'ts',
      },
      outfile: script,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      logLevel: 'warning',
    });
    const run = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n').filter(Boolean).sort()).toEqual([
      'reported The host rejected in a callback',
      'reported The host thrown in a timer',
      'still serving',
    ]);
  }, 120_000);
});
