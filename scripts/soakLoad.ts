/**
 * The load the soak puts on a host (scripts/soak.ts): the built web host as a child process, a
 * running session, OTLP/JSON ingest and notes written through the API.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { monotonicFactory } from 'ulid';

const WEB_ENTRY = path.resolve('dist/electron/web.cjs');
const TICK_MS = 100; // ingest is sent as 10 batches a second, as an exporter's batch processor would
export const MAX_IN_FLIGHT = 20;
const ulid = monotonicFactory();
export const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type Host = {
  origin: string;
  url: string;
  ingest: string;
  child: ChildProcess;
  out: () => string;
};

/** The built web host in a fresh data folder, as `npm run web` starts it. */
export async function startWebHost(dataDir: string): Promise<Host> {
  if (!fs.existsSync(WEB_ENTRY)) throw new Error(`${WEB_ENTRY} is missing: run npm run build`);
  const child = spawn(
    process.execPath,
    [
      // The inspector, on loopback and a free port, is how the soak reads the host's heaps.
      '--inspect=127.0.0.1:0',
      WEB_ENTRY,
      '--port',
      '0',
      '--ingest-port',
      '0',
      '--data-dir',
      dataDir,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ENSEMBLE_TOKEN: '' } },
  );
  let out = '';
  child.stdout!.on('data', (d) => (out = (out + d).slice(-20_000)));
  child.stderr!.on('data', (d) => (out = (out + d).slice(-20_000)));
  for (let i = 0; i < 300 && !out.includes('Data folder:'); i++) {
    if (child.exitCode !== null) throw new Error(`host exited:\n${out}`);
    await wait(100);
  }
  const url = /Ensemble running at (\S+)/.exec(out)?.[1];
  const ingest = /OTLP logs (http:\/\/\S+)\/v1\/logs/.exec(out)?.[1];
  if (!url || !ingest) throw new Error(`host did not start:\n${out}`);
  return { origin: new URL(url).origin, url, ingest, child, out: () => out };
}

const WORDS = 'checkout cart payment coupon order refund shipping invoice customer'.split(' ');
let sequence = 0;
/** One OTLP/JSON export request: `count` records, every 50th an error of one of 20 kinds. */
function otlpBody(count: number): string {
  const records = [];
  for (let k = 0; k < count; k++) {
    const i = sequence++;
    const error = i % 50 === 0;
    records.push({
      timeUnixNano: `${Date.now()}000000`,
      severityNumber: error ? 17 : 9,
      body: {
        stringValue: error
          ? `PaymentError: card declined for order ${100000 + i} (${WORDS[(i % 20) % WORDS.length]})`
          : `${WORDS[i % WORDS.length]} request ${i} handled in ${(i % 900) + 20} ms for order ${100000 + i}`,
      },
      attributes: [
        {
          key: 'tenant.id',
          value: { stringValue: i % 10 === 0 ? `customer-${i % 7}` : 'internal' },
        },
        { key: 'http.route', value: { stringValue: `/api/${WORDS[i % WORDS.length]}` } },
        ...(error ? [{ key: 'exception.type', value: { stringValue: `E${i % 20}` } }] : []),
      ],
    });
  }
  return JSON.stringify({
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop-api' } }] },
        scopeLogs: [{ logRecords: records }],
      },
    ],
  });
}

export const percentile = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

/** Open-loop load: a batch every tick whatever the answers, so slow answers show as latency. */
export function startIngest(ingestUrl: string, rate: number) {
  const stats = { latencies: [] as number[], sent: 0, refused: 0, failed: 0, skipped: 0 };
  let inFlight = 0;
  let owed = 0;
  const timer = setInterval(() => {
    owed += (rate * TICK_MS) / 1000;
    const count = Math.floor(owed);
    owed -= count;
    if (count === 0) return;
    if (inFlight >= MAX_IN_FLIGHT) {
      stats.skipped += count; // the host is that far behind: counted, not queued without end
      return;
    }
    inFlight++;
    const started = performance.now();
    fetch(`${ingestUrl}/v1/logs`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: otlpBody(count),
    })
      .then(async (res) => {
        await res.arrayBuffer();
        if (res.ok) {
          stats.sent += count;
          stats.latencies.push(performance.now() - started);
        } else stats.refused += count;
      })
      .catch(() => (stats.failed += count))
      .finally(() => inFlight--);
  }, TICK_MS);
  return { stats, stop: () => clearInterval(timer) };
}

export async function prepare(host: Host) {
  const token = new URL(host.url).searchParams.get('token')!;
  const call = async <T>(method: string, args: unknown): Promise<T> => {
    const res = await fetch(`${host.origin}/api/${method}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(args),
    });
    const body = (await res.json()) as { ok: boolean; result: T; error?: { message: string } };
    if (!body.ok) throw new Error(`${method} → ${res.status} ${body.error?.message}`);
    return body.result;
  };
  const { session } = await call<{ session: { id: string } }>('sessions.create', {
    title: 'Soak',
    tenantId: 'internal',
    rotationMinutes: 1,
    timeboxMinutes: 120,
    noteWriters: 'everyone',
  });
  const people: string[] = [];
  for (const name of ['Ana', 'Ben', 'Cleo', 'Dev'])
    people.push(
      (
        await call<{ id: string }>('participants.add', {
          sessionId: session.id,
          name,
          function: 'engineering',
        })
      ).id,
    );
  await call('goals.add', { sessionId: session.id, title: 'Pay by card', priority: 'must' });
  await call('run.start', { sessionId: session.id });
  return { sessionId: session.id, people, call };
}

/** A note every `--note-every` s through the outbox's method, timed until the host answers it stored. */
export function startNotes(prepared: Awaited<ReturnType<typeof prepare>>, everyMs: number) {
  const stats = { latencies: [] as number[], failed: 0, written: 0 };
  let n = 0;
  let stopped = false;
  let wake = () => {};
  const loop = async () => {
    while (!stopped) {
      const started = performance.now();
      try {
        await prepared.call('notes.apply', {
          sessionId: prepared.sessionId,
          ops: [
            {
              opId: ulid(),
              kind: 'note.create',
              at: Date.now(),
              note: {
                id: ulid(),
                type: n % 5 === 0 ? 'bug' : 'observation',
                text: `Soak note ${n} #soak`,
                tags: ['soak'],
                authorId: prepared.people[n % prepared.people.length],
                goalId: null,
              },
            },
          ],
        });
        stats.latencies.push(performance.now() - started);
        stats.written++;
      } catch (error) {
        stats.failed++;
        if (stats.failed <= 3) console.error(`note ${n}: ${(error as Error).message}`);
      }
      n++;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, everyMs);
        wake = () => (clearTimeout(timer), resolve());
      });
    }
  };
  const done = loop();
  return { stats, stop: () => ((stopped = true), wake(), done) };
}
