/**
 * npm run soak -- [--minutes 10] [--rate 500] [--every 30] [--note-every 10]
 *
 * Memory and latency over time, as a long session lives them: the built web host as a child
 * process, a session running with 1-minute turns, OTLP/JSON ingest at `--rate` events/s through
 * the real receiver (a tenth from other tenants), a note written through the API every
 * `--note-every` s, and a real Chromium page on the Run view with the live log pane scrolled up.
 * Every `--every` seconds it prints the host's RSS, the page's JS heap (after a garbage
 * collection, through CDP), note-save latency and ingest latency (p50 / p95); at the end, growth
 * after warm-up (the first 20 % of samples excluded; each end the median of up to three samples)
 * against the target of < 10 %.
 * Not part of npm test.
 */
import { chromium, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { monotonicFactory } from 'ulid';
import playwrightConfig from '../playwright.config';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    rate: { type: 'string', default: '500' },
    every: { type: 'string', default: '30' },
    'note-every': { type: 'string', default: '10' },
  },
});
const MINUTES = Number(values.minutes);
const RATE = Number(values.rate);
const EVERY_MS = Number(values.every) * 1000;
const NOTE_EVERY_MS = Number(values['note-every']) * 1000;
if (!(MINUTES > 0) || !(RATE > 0) || !(EVERY_MS > 0) || !(NOTE_EVERY_MS > 0)) {
  console.error(
    'usage: npm run soak -- --minutes N --rate EVENTS_PER_S [--every SECONDS] [--note-every SECONDS]',
  );
  process.exit(2);
}
const WEB_ENTRY = path.resolve('dist/electron/web.cjs');
const TICK_MS = 100; // ingest is sent as 10 batches a second, as an exporter's batch processor would
const MAX_IN_FLIGHT = 20;
const TARGET = 10;
const ulid = monotonicFactory();
const mb = (b: number) => b / 1024 / 1024;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Host = { origin: string; url: string; ingest: string; child: ChildProcess; out: () => string };

/** The built web host in a fresh data folder, as `npm run web` starts it. */
async function startWebHost(dataDir: string): Promise<Host> {
  if (!fs.existsSync(WEB_ENTRY)) throw new Error(`${WEB_ENTRY} is missing: run npm run build`);
  const child = spawn(
    process.execPath,
    [WEB_ENTRY, '--port', '0', '--ingest-port', '0', '--data-dir', dataDir],
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

function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
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

const percentile = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

/** Open-loop load: a batch every tick whatever the answers, so slow answers show as latency. */
function startIngest(ingestUrl: string) {
  const stats = { latencies: [] as number[], sent: 0, refused: 0, failed: 0, skipped: 0 };
  let inFlight = 0;
  let owed = 0;
  const timer = setInterval(() => {
    owed += (RATE * TICK_MS) / 1000;
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

async function prepare(host: Host) {
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
function startNotes(prepared: Awaited<ReturnType<typeof prepare>>) {
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
        const timer = setTimeout(resolve, NOTE_EVERY_MS);
        wake = () => (clearTimeout(timer), resolve());
      });
    }
  };
  const done = loop();
  return { stats, stop: () => ((stopped = true), wake(), done) };
}

/** The Run view with the live log pane scrolled up (the "new events" button showing). */
async function openScrolledUp(page: Page, host: Host, sessionId: string) {
  await page.goto(host.url);
  await page.goto(`${host.origin}/#/sessions/${sessionId}/run`);
  const log = page.getByRole('log', { name: 'Log events' });
  // A few hundred rows in (the list is virtualized: the count says how many it holds).
  await page.waitForFunction(
    () =>
      Number(document.querySelector('#feed-title + .count')?.textContent?.replace(/\D/g, '')) >=
      300,
    undefined,
    { timeout: 60_000 },
  );
  await log.evaluate((el) => (el.scrollTop = Math.floor(el.scrollHeight / 2)));
  await page.getByRole('button', { name: /new events? ↓|Back to live/ }).waitFor();
}

async function main() {
  console.log(
    `Ensemble soak — ${MINUTES} min at ${RATE} events/s, a sample every ${EVERY_MS / 1000} s; ${os.cpus().length} cores, Node ${process.version}`,
  );
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ensemble-soak-'));
  const host = await startWebHost(dataDir);
  // Whatever happens, the host started here stops with the script.
  process.once('exit', () => host.child.kill('SIGTERM'));
  let hostExited = false;
  let stopping = false;
  host.child.once('exit', (code, signal) => {
    if (stopping) return;
    hostExited = true;
    console.error(`host exited (${code ?? signal}) during the soak:\n${host.out().slice(-3000)}`);
  });
  const prepared = await prepare(host);
  const ingest = startIngest(host.ingest);
  const notes = startNotes(prepared);
  // The end-to-end tests' Chromium, with the same flags.
  const browser = await chromium.launch(playwrightConfig.use?.launchOptions);
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await openScrolledUp(page, host, prepared.sessionId);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  const pageHeap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };

  type Sample = { t: number; rss: number; heap: number; note95: number; ingest95: number };
  const samples: Sample[] = [];
  const started = Date.now();
  const end = started + MINUTES * 60_000;
  console.log(
    'time    host RSS   page heap   rows   note save p50/p95   ingest p50/p95   events stored   notes',
  );
  while (Date.now() < end && !hostExited) {
    await wait(Math.min(EVERY_MS, end - Date.now()));
    if (hostExited) break;
    const rows = await page.locator('#feed-title + .count').textContent();
    const n = notes.stats.latencies.splice(0);
    const i = ingest.stats.latencies.splice(0);
    const s: Sample = {
      t: (Date.now() - started) / 1000,
      rss: rssOf(host.child.pid!),
      heap: await pageHeap(),
      note95: percentile(n, 95),
      ingest95: percentile(i, 95),
    };
    samples.push(s);
    const mm = `${Math.floor(s.t / 60)}:${String(Math.round(s.t % 60)).padStart(2, '0')}`;
    console.log(
      `${mm.padStart(5)}  ${mb(s.rss).toFixed(0).padStart(5)} MB  ${mb(s.heap).toFixed(1).padStart(6)} MB  ${String(rows).padStart(6)}   ${percentile(n, 50).toFixed(0).padStart(5)} / ${s.note95.toFixed(0).padStart(4)} ms   ${percentile(i, 50).toFixed(0).padStart(5)} / ${s.ingest95.toFixed(0).padStart(4)} ms   ${ingest.stats.sent.toLocaleString('en').padStart(13)}   ${notes.stats.written}`,
    );
  }
  ingest.stop();
  await notes.stop();
  const stillScrolledUp = await page
    .getByRole('button', { name: /new events? ↓|Back to live/ })
    .isVisible();
  await browser.close();
  stopping = true;
  if (!hostExited) {
    const exited = new Promise((r) => host.child.once('exit', r));
    host.child.kill('SIGTERM');
    await exited;
  }
  fs.rmSync(dataDir, { recursive: true, force: true });

  console.log(
    `ingest: ${ingest.stats.sent.toLocaleString('en')} events acknowledged, ${ingest.stats.refused} refused, ${ingest.stats.failed} failed, ${ingest.stats.skipped} not sent (${MAX_IN_FLIGHT} requests already waiting); notes: ${notes.stats.written} saved, ${notes.stats.failed} failed; page errors: ${pageErrors.length}; pane still scrolled up: ${stillScrolledUp}`,
  );
  const after = samples.slice(Math.floor(samples.length * 0.2));
  if (hostExited || after.length < 2) {
    console.log(
      hostExited ? 'the host exited: target NOT met' : 'too short to measure growth: run longer',
    );
    process.exitCode = 1;
    return;
  }
  // Each end is the median of up to three samples: RSS moves by tens of MB between collections.
  const median = (xs: Sample[]): Sample => {
    const mid = (k: keyof Sample) =>
      percentile(
        xs.map((x) => x[k]),
        50,
      );
    return {
      t: xs[0]!.t,
      rss: mid('rss'),
      heap: mid('heap'),
      note95: mid('note95'),
      ingest95: mid('ingest95'),
    };
  };
  const ends = Math.min(3, Math.floor(after.length / 2));
  const first = median(after.slice(0, ends));
  const last = { ...median(after.slice(-ends)), t: after.at(-1)!.t };
  const growth = (a: number, b: number) => ((b - a) / a) * 100;
  const line = (
    name: string,
    a: number,
    b: number,
    unit: (x: number) => string,
    gated: boolean,
  ) => {
    const g = growth(a, b);
    console.log(
      `${name}: ${unit(a)} → ${unit(b)} after warm-up (${g >= 0 ? '+' : ''}${g.toFixed(1)} %)${gated ? (g < TARGET ? ' — target < 10 % met' : ' — target < 10 % NOT met') : ''}`,
    );
    return !gated || g < TARGET;
  };
  const inMb = (x: number) => `${mb(x).toFixed(1)} MB`;
  const inMs = (x: number) => `${x.toFixed(0)} ms`;
  const ok = [
    line('host RSS', first.rss, last.rss, inMb, true),
    line('page heap', first.heap, last.heap, inMb, true),
  ].every(Boolean);
  line('note save p95', first.note95, last.note95, inMs, false);
  line('ingest p95', first.ingest95, last.ingest95, inMs, false);
  console.log(
    `flat memory: ${ok ? 'met' : 'NOT met'} (from ${first.t.toFixed(0)} s to ${last.t.toFixed(0)} s)`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
