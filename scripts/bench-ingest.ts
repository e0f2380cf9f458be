/**
 * npm run bench:ingest -- [--events 200000] [--fts-rows 1000000]
 *
 * 1. End to end: OTLP/JSON log records over HTTP to the ingest server (realistic ~200-byte
 *    messages, half of them from other tenants), until every kept record is stored and indexed.
 * 2. Baseline in the same process: the same kept rows written straight through better-sqlite3
 *    in batches with FTS5 indexing — the ceiling for this machine. Prints the ratio.
 * 3. Full-text query time over a store of 1,000,000 events (p50 / p95), and peak memory.
 */
import Database from 'better-sqlite3';
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { migrate } from '../electron/host/db/database';
import { queryEvents } from '../electron/host/feeds/query/query';
import { startHost } from '../electron/host/start';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '200000' },
    'fts-rows': { type: 'string', default: '1000000' },
    /** Internal: run as the sending client, in its own process, like a real exporter. */
    'send-to': { type: 'string' },
  },
});
const N = Number(values.events);
const FTS_ROWS = Number(values['fts-rows']);
const BATCH = 1000;
const CONCURRENCY = 4;

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
const WORDS =
  'checkout cart payment coupon order refund shipping address invoice customer tenant service latency timeout retry cache session token database queue worker'.split(
    ' ',
  );
const word = (i: number) => WORDS[(i * 7919) % WORDS.length]!;
const message = (i: number) =>
  `${word(i)} ${word(i + 3)} request ${i} handled by shop-api in ${(i % 900) + 20} ms for order ${100000 + i} with ${(i % 7) + 1} items; upstream ${word(i + 5)} replied 200 after retry ${i % 3}`.padEnd(
    200,
    '.',
  );

function otlpBody(from: number, count: number): string {
  const records = [];
  for (let i = from; i < from + count; i++) {
    records.push({
      timeUnixNano: String(BigInt(Date.now()) * 1_000_000n),
      severityNumber: i % 50 === 0 ? 17 : 9,
      body: { stringValue: message(i) },
      attributes: [
        {
          key: 'tenant.id',
          value: { stringValue: i % 2 === 0 ? 'internal' : `customer-${i % 40}` },
        },
        { key: 'http.route', value: { stringValue: '/api/checkout' } },
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

/** The client side: its own process (a real exporter runs elsewhere too), 4 requests in flight. */
async function send(url: string) {
  const bodies: string[] = [];
  for (let i = 0; i < N; i += BATCH) bodies.push(otlpBody(i, Math.min(BATCH, N - i)));
  process.send?.({ ready: true });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  let next = 0;
  let retries = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        for (;;) {
          const res = await fetch(`${url}/v1/logs`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body,
          });
          await res.arrayBuffer();
          if (res.status === 200) break;
          retries++;
          await new Promise((r) => setTimeout(r, 100)); // Retry-After, as an exporter would
        }
      }
    }),
  );
  process.send?.({ done: true, retries });
}

async function endToEnd() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ensemble-bench-'));
  const host = await startHost({
    dataDir,
    mode: 'web',
    ingest: { hostname: '127.0.0.1', port: 0 },
  });
  await host.call('sessions.create', { title: 'Bench', tenantId: 'internal' });
  const ingest = host.ingest!;
  const sender = fork(process.argv[1]!, ['--events', String(N), '--send-to', ingest.url], {
    stdio: 'inherit',
  });
  await new Promise((resolve) => sender.once('message', resolve)); // bodies built, not timed
  const started = performance.now();
  sender.send('go');
  const { retries } = await new Promise<{ retries: number }>((resolve) =>
    sender.on('message', (m: { done?: boolean; retries: number }) => m.done && resolve(m)),
  );
  sender.kill();
  await host.feeds.drained();
  host.feeds.flush();
  const seconds = (performance.now() - started) / 1000;
  const db = new Database(path.join(dataDir, 'ensemble.db'), { readonly: true });
  const stored = (db.prepare('SELECT COUNT(*) AS n FROM feed_events').get() as { n: number }).n;
  const searchable = (
    db.prepare("SELECT COUNT(*) AS n FROM feed_fts WHERE feed_fts MATCH 'checkout'").get() as {
      n: number;
    }
  ).n;
  db.close();
  const threaded = host.feeds.threaded();
  await host.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  return { seconds, stored, searchable, retries, threaded };
}

function rawRows(count: number, dbPath: string) {
  const db = new Database(dbPath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  migrate(db);
  // The same columns the pipeline writes, so the ratio compares like with like.
  const insert = db.prepare(
    `INSERT INTO feed_events (tenant, source, time, received_at, level, service, message, attributes, trace_id, span_id,
       release, environment, error_type, error_value, error_stack, group_key)
     VALUES ('internal', 'otlp', ?, ?, ?, 'shop-api', ?, ?, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`,
  );
  const index = db.prepare('INSERT INTO feed_fts (rowid, message) VALUES (?, ?)');
  const attrs = JSON.stringify({
    'tenant.id': 'internal',
    'http.route': '/api/checkout',
    'service.name': 'shop-api',
  });
  const write = db.transaction((from: number, n: number) => {
    const now = Date.now();
    for (let i = from; i < from + n; i++) {
      const id = Number(
        insert.run(now - (count - i) * 10, now, i % 50 === 0 ? 4 : 2, message(i * 2), attrs)
          .lastInsertRowid,
      );
      index.run(id, message(i * 2));
    }
  });
  const started = performance.now();
  for (let i = 0; i < count; i += 5000) write(i, Math.min(5000, count - i));
  return { seconds: (performance.now() - started) / 1000, db };
}

async function main() {
  console.log(`Ensemble ingest benchmark — ${os.cpus().length} cores, Node ${process.version}`);
  const e2e = await endToEnd();
  const kept = e2e.stored;
  const e2eRate = kept / e2e.seconds;
  console.log(
    `end to end: ${N.toLocaleString('en')} OTLP/JSON records sent (${(N - kept).toLocaleString('en')} other tenants dropped), ${kept.toLocaleString('en')} stored and searchable (${e2e.searchable.toLocaleString('en')} match 'checkout') in ${e2e.seconds.toFixed(2)} s → ${Math.round(e2eRate).toLocaleString('en')} events/s stored; ${Math.round(N / e2e.seconds).toLocaleString('en')} records/s received; ${e2e.retries} 503 retries; stored on ${e2e.threaded ? 'the writer thread' : 'the main thread'}`,
  );

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ensemble-bench-raw-'));
  const raw = rawRows(kept, path.join(dir, 'raw.db'));
  raw.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  const rawRate = kept / raw.seconds;
  console.log(
    `baseline: raw better-sqlite3 batch insert + FTS5 of the same ${kept.toLocaleString('en')} rows in ${raw.seconds.toFixed(2)} s → ${Math.round(rawRate).toLocaleString('en')} rows/s`,
  );
  console.log(
    `ratio end to end / raw: ${(e2eRate / rawRate).toFixed(2)} (target ≥ 0.5); end to end target ≥ 20,000 events/s: ${e2eRate >= 20_000 ? 'met' : 'NOT met'}`,
  );

  const ftsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ensemble-bench-fts-'));
  const big = rawRows(FTS_ROWS, path.join(ftsDir, 'big.db'));
  console.log(
    `store of ${FTS_ROWS.toLocaleString('en')} events built in ${big.seconds.toFixed(1)} s`,
  );
  const times: number[] = [];
  const terms = [
    'checkout',
    'refund timeout',
    'coupon',
    'order 1234',
    'payment latency',
    'shipp',
    'invoice worker',
    'nothingmatches',
  ];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    queryEvents(
      big.db,
      { tenant: 'internal', from: 0, to: Date.now() + 60_000 },
      { text: terms[i % terms.length]!, limit: 200 },
    );
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const pct = (p: number) =>
    times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!.toFixed(1);
  console.log(
    `full-text query over ${FTS_ROWS.toLocaleString('en')} events (newest 200 matches, 200 queries): p50 ${pct(50)} ms, p95 ${pct(95)} ms, max ${times.at(-1)!.toFixed(1)} ms (target p95 < 50 ms)`,
  );
  big.db.close();
  fs.rmSync(ftsDir, { recursive: true, force: true });
  clearInterval(sampler);
  console.log(`peak memory (RSS) of this process: ${mb(peakRss)}`);
}

const entry = values['send-to'] ? send(values['send-to']) : main();
entry.catch((error) => {
  console.error(error);
  process.exit(1);
});
