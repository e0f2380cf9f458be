/**
 * npm run bench:contention -- [--rounds 300]
 *
 * Run commands (rotate, pause, resume, shuffle, a note) against a real host in a temporary
 * folder, first with the feed idle (the baseline), then while the feed writer thread stores
 * events at full speed. Prints failed commands, command latency (p50 / p95 / max) in both runs
 * and their ratio, and the events stored per second meanwhile.
 */
import { rawEvent } from '../test-support/feedEvents';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ulid } from 'ulid';
import { createHost } from '../electron/host/host';
import { OverloadedError } from '../electron/host/feeds/store/pipeline';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '300' } } });
const ROUNDS = Number(values.rounds);
const caller = { transport: 'test' } as const;

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
const tick = () => new Promise<void>((wake) => setImmediate(wake));

async function run(label: string, ingest: boolean) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ensemble-bench-contention-'));
  const failures: string[] = [];
  const host = createHost({ dataDir, mode: 'web', log: (m) => failures.push(m) });
  try {
    const call = async (method: string, args: unknown) => {
      const answer = await host.dispatch(method, args, caller);
      if (!answer.ok) failures.push(`${method}: ${answer.error.message}`);
      return answer as { ok: true; result: never };
    };
    const created = await call('sessions.create', {
      title: 'Bench',
      rotationMinutes: 1,
      breakEvery: 0,
      noteWriters: 'everyone',
    });
    const sessionId = (created.result as { session: { id: string } }).session.id;
    const people: string[] = [];
    for (const name of ['Ana', 'Ben', 'Cleo', 'Dev'])
      people.push(
        (
          (await call('participants.add', { sessionId, name, function: 'support' })).result as {
            id: string;
          }
        ).id,
      );
    await call('run.start', { sessionId });

    let pumping = ingest;
    let sent = 0;
    const pump = (async () => {
      for (let b = 0; pumping; b++) {
        try {
          const now = Date.now();
          host.feeds.ingest(
            'otlp',
            Array.from({ length: 500 }, (_, i) =>
              rawEvent(now, `checkout step ${b}-${i} handled for order ${b * 500 + i}`, {
                service: 'shop-api',
              }),
            ),
          );
          sent += 500;
        } catch (error) {
          if (!(error instanceof OverloadedError)) throw error;
        }
        await tick();
      }
    })();

    const latencies: number[] = [];
    const timed = async (method: string, args: unknown) => {
      const start = performance.now();
      await call(method, args);
      latencies.push(performance.now() - start);
    };
    const started = performance.now();
    for (let round = 0; round < ROUNDS; round++) {
      await timed('run.rotate', { sessionId });
      await timed('run.pause', { sessionId });
      await timed('run.resume', { sessionId });
      await timed('run.shuffle', { sessionId });
      const op = { opId: ulid(), kind: 'note.create', at: Date.now() };
      const note = { id: ulid(), type: 'observation', text: `round ${round}`, tags: [] };
      await timed('notes.apply', {
        sessionId,
        ops: [{ ...op, note: { ...note, authorId: people[round % 4], goalId: null } }],
      });
      await tick();
    }
    const seconds = (performance.now() - started) / 1000;
    pumping = false;
    await pump;
    await host.feeds.drained();
    latencies.sort((a, b) => a - b);
    const figures = {
      p50: pct(latencies, 0.5),
      p95: pct(latencies, 0.95),
      max: latencies.at(-1)!,
    };
    console.log(
      `${label}: ${latencies.length} commands, ${failures.length} failed; latency p50 ${figures.p50.toFixed(1)} ms, p95 ${figures.p95.toFixed(1)} ms, max ${figures.max.toFixed(1)} ms` +
        (ingest ? `; ${Math.round(sent / seconds)} events/s accepted by the feed pipeline` : ''),
    );
    for (const f of failures.slice(0, 5)) console.log(`  failed: ${f}`);
    return figures;
  } finally {
    host.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const idle = await run('feed idle (baseline)', false);
  const busy = await run('feed at full speed', true);
  console.log(
    `ratio busy/idle: p50 ${(busy.p50 / idle.p50).toFixed(2)}, p95 ${(busy.p95 / idle.p95).toFixed(2)}`,
  );
}

void main();
