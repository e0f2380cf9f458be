import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostTurn, newWriteTurn } from './writeTurn';

// A stand-in for the feed writer thread: a real worker thread taking its turn with the real code.
const dir = path.resolve('node_modules', '.cache', `ensemble-turn-${process.pid}`);
const script = path.join(dir, 'turn-worker.cjs');
const WORKER = `
import { parentPort, workerData } from 'node:worker_threads';
import { writerTurn } from './electron/host/db/writeTurn';
const { turn, log, holdMs } = workerData;
const push = (v) => Atomics.store(log, Atomics.add(log, 0, 1) + 1, v);
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
parentPort.on('message', (m) => {
  if (m === 'twice') {
    writerTurn(turn, () => { push(1); parentPort.postMessage('holding'); sleep(holdMs); push(2); });
    writerTurn(turn, () => push(4));
  }
  if (m === 'once') writerTurn(turn, () => push(4));
  parentPort.postMessage('done');
});
`;
beforeAll(() =>
  build({
    stdin: { contents: WORKER, resolveDir: process.cwd(), loader: 'ts' },
    outfile: script,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'warning',
  }),
);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function writer(holdMs: number) {
  const turn = newWriteTurn();
  const log = new Int32Array(new SharedArrayBuffer(8 * 4));
  const worker = new Worker(script, { workerData: { turn, log, holdMs } });
  const next = (what: string) =>
    new Promise<void>((resolve) => {
      const on = (m: string) => {
        if (m !== what) return;
        worker.off('message', on);
        resolve();
      };
      worker.on('message', on);
    });
  const order = () => Array.from(log.subarray(1, 1 + Atomics.load(log, 0)));
  const push = (v: number) => Atomics.store(log, Atomics.add(log, 0, 1) + 1, v);
  return { turn, worker, next, order, push };
}

describe('the write turn between the host and the feed writer', () => {
  it('the host waits for the writer’s turn to end, and goes before the writer’s next one', async () => {
    const w = writer(500);
    try {
      const done = w.next('done');
      const holding = w.next('holding');
      w.worker.postMessage('twice');
      await holding;
      // The writer is in its first turn (1) and asks for a second as soon as it ends (2).
      hostTurn(w.turn, () => w.push(3));
      await done;
      expect(w.order()).toEqual([1, 2, 3, 4]);
    } finally {
      await w.worker.terminate();
    }
  });

  it('a writer waits while the host holds its turn', async () => {
    const w = writer(0);
    try {
      const done = w.next('done');
      hostTurn(w.turn, () => {
        w.worker.postMessage('once');
        sleep(200);
        w.push(3);
      });
      await done;
      expect(w.order()).toEqual([3, 4]);
    } finally {
      await w.worker.terminate();
    }
  });

  it('a turn not given within the timeout is left to SQLite’s own locking', () => {
    const turn = newWriteTurn();
    // A writer that died in its turn (the host resets it when it notices; here it has not yet).
    Atomics.store(turn, 0, 2);
    const started = Date.now();
    expect(hostTurn(turn, () => 'ran', 100)).toBe('ran');
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });
});
