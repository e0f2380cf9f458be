/**
 * npm run bench:hostile -- [--seconds 5] [--rounds 2]
 *
 * Whether hostile input on the unauthenticated ingest port can stall the host. A real host (web
 * mode and receivers) answers /api/health while another process POSTs crafted OTLP/JSON bodies:
 * adversarial e-mail/URL/key-name-like strings of 64 KB to 8 MB, deeply nested values, thousands
 * of attributes. Prints the health check's p50/p99 latency under that load beside a baseline
 * measured first in the same process without it (and the ratio), the answers the sender got and
 * the events stored. Target: p99 < 100 ms and no error (5xx or dropped connection).
 */
import Database from 'better-sqlite3';
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startHost } from '../electron/host/start';
import { startWebServer } from '../electron/host/web/server';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '2' },
    /** Internal: run as the hostile sender, in its own process. */
    'send-to': { type: 'string' },
  },
});
const KB = 1024;
const SHAPES: Record<string, (n: number) => string> = {
  'dotted e-mail-like': (n) => `a@${'a.'.repeat(n / 2)}`,
  'dotted run before @': (n) => `${'a.'.repeat(n / 2)}@`,
  'many @': (n) => 'a@'.repeat(n / 2),
  'URL-like': (n) => `https://${'a.'.repeat(n / 4)}/${'a/'.repeat(n / 4)}`,
  'key names': (n) => 'password'.repeat(n / 8),
  'key names and blanks': (n) => 'token= '.repeat(n / 7),
  'JWT-like prefixes': (n) => 'eyJ-'.repeat(n / 4),
};
const SIZES = [64 * KB, 256 * KB, 1024 * KB, 4096 * KB, 8000 * KB];

const str = (s: string) => ({ stringValue: s });
const attr = (key: string, value: unknown) => ({ key, value });
const record = (attributes: unknown[], body = 'hostile') => ({
  timeUnixNano: String(BigInt(Date.now()) * 1_000_000n),
  severityNumber: 9,
  body: str(body),
  attributes: [attr('tenant.id', str('internal')), ...attributes],
});
const otlp = (records: unknown[]) =>
  JSON.stringify({
    resourceLogs: [
      {
        resource: { attributes: [attr('service.name', str('hostile'))] },
        scopeLogs: [{ logRecords: records }],
      },
    ],
  });

/** An OTLP value nested `depth` deep, as JSON text (JSON.stringify would run out of stack). */
const nestedJson = (depth: number) =>
  '{"kvlistValue":{"values":[{"key":"k","value":'.repeat(depth) +
  '{"stringValue":"leaf"}' +
  '}]}}'.repeat(depth);

/** The crafted bodies, each labelled: every shape at every size (as an attribute and a body). */
function hostileBodies(): Array<{ label: string; body: string }> {
  const bodies: Array<{ label: string; body: string }> = [];
  for (const [shape, make] of Object.entries(SHAPES))
    for (const size of SIZES) {
      const text = make(size);
      bodies.push({
        label: `${shape} ${size / KB} KB attribute`,
        body: otlp([record([attr('x', str(text))])]),
      });
      if (size <= 1024 * KB)
        bodies.push({ label: `${shape} ${size / KB} KB body`, body: otlp([record([], text)]) });
    }
  for (const depth of [32, 500, 5000, 50_000])
    bodies.push({
      label: `nesting ${depth} deep`,
      body: otlp([record([attr('n', str('@'))])]).replace('{"stringValue":"@"}', nestedJson(depth)),
    });
  const many = Array.from({ length: 20_000 }, (_, i) => attr(`attr.${i}`, str(`v${i}@x.io`)));
  bodies.push({ label: '20,000 attributes', body: otlp([record(many)]) });
  return bodies;
}

/** The sender: its own process, two requests in flight, every body `rounds` times. */
async function send(url: string) {
  const bodies = hostileBodies();
  const rounds = Number(values.rounds);
  process.send?.({ ready: true, count: bodies.length * rounds });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  const statuses: Record<string, number> = {};
  let next = 0;
  const queue = Array.from({ length: rounds }, () => bodies).flat();
  await Promise.all(
    [0, 1].map(async () => {
      while (next < queue.length) {
        const { body } = queue[next++]!;
        let status: string;
        try {
          const res = await fetch(`${url}/v1/logs`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body,
          });
          await res.arrayBuffer();
          status = String(res.status);
        } catch (error) {
          status = `failed (${(error as Error).message})`;
        }
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  process.send?.({ done: true, statuses });
}

/** /api/health, one request at a time, until `until` resolves; the latencies in ms. */
async function pingHealth(url: string, until: Promise<unknown>) {
  let done = false;
  void until.then(() => (done = true));
  const times: number[] = [];
  let errors = 0;
  while (!done) {
    const started = performance.now();
    try {
      const res = await fetch(`${url}/api/health`);
      await res.arrayBuffer();
      if (res.status !== 200) {
        errors++;
        if (errors === 1) console.error(`/api/health answered ${res.status}`);
      }
    } catch (error) {
      errors++;
      if (errors === 1) console.error(`/api/health failed: ${(error as Error).message}`);
    }
    times.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 10));
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return { n: times.length, p50: at(0.5), p99: at(0.99), max: at(1), errors };
}

async function main() {
  console.log(
    `Ensemble hostile-ingest benchmark — ${os.cpus().length} cores, Node ${process.version}`,
  );
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ensemble-bench-hostile-'));
  const host = await startHost({
    dataDir,
    mode: 'web',
    ingest: { hostname: '127.0.0.1', port: 0 },
  });
  const web = await startWebServer({
    host,
    hostname: '127.0.0.1',
    port: 0,
    token: 'bench',
    staticDir: null,
  });
  host.attach(web);
  await host.call('sessions.create', { title: 'Hostile', tenantId: 'internal' });

  const seconds = Number(values.seconds);
  const baseline = await pingHealth(
    `http://127.0.0.1:${web.port}`,
    new Promise((r) => setTimeout(r, seconds * 1000)),
  );

  const sender = fork(
    process.argv[1]!,
    ['--send-to', host.ingest!.url, '--rounds', String(values.rounds)],
    {
      stdio: 'inherit',
    },
  );
  const { count } = await new Promise<{ count: number }>((resolve) =>
    sender.once('message', resolve as never),
  );
  const started = performance.now();
  const finished = new Promise<{ statuses: Record<string, number> }>((resolve) =>
    sender.on(
      'message',
      (m: { done?: boolean; statuses: Record<string, number> }) => m.done && resolve(m),
    ),
  );
  sender.send('go');
  const loaded = await pingHealth(
    `http://127.0.0.1:${web.port}`,
    finished.then(() => host.feeds.drained()),
  );
  const { statuses } = await finished;
  const took = (performance.now() - started) / 1000;
  sender.kill();
  host.feeds.flush();
  const db = new Database(path.join(dataDir, 'ensemble.db'), { readonly: true });
  const stored = (db.prepare('SELECT COUNT(*) AS n FROM feed_events').get() as { n: number }).n;
  db.close();
  const threaded = host.feeds.threaded();
  await host.close();
  fs.rmSync(dataDir, { recursive: true, force: true });

  const ms = (v: number) => `${v.toFixed(1)} ms`;
  console.log(
    `baseline (no load, ${seconds} s): /api/health p50 ${ms(baseline.p50)}, p99 ${ms(baseline.p99)}, max ${ms(baseline.max)} over ${baseline.n} requests, ${baseline.errors} errors`,
  );
  console.log(
    `hostile load: ${count} crafted bodies (7 shapes × 64 KB–8 MB, nesting to 50,000, 20,000 attributes) in ${took.toFixed(1)} s; answers ${JSON.stringify(statuses)}; ${stored} events stored; redaction on ${threaded ? 'the writer thread' : 'the main thread'}`,
  );
  console.log(
    `under load: /api/health p50 ${ms(loaded.p50)}, p99 ${ms(loaded.p99)}, max ${ms(loaded.max)} over ${loaded.n} requests, ${loaded.errors} errors`,
  );
  const failed = Object.keys(statuses).filter((s) => !/^[24]\d\d$/.test(s));
  console.log(
    `ratio p99 loaded / baseline: ${(loaded.p99 / Math.max(baseline.p99, 0.001)).toFixed(1)}×; target p99 < 100 ms: ${loaded.p99 < 100 ? 'met' : 'NOT met'}; errors: ${failed.length === 0 && loaded.errors === 0 ? 'none' : failed.join(', ')}`,
  );
}

if (values['send-to']) void send(values['send-to']);
else
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
