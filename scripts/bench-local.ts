/**
 * npm run bench:local -- [--lines 1000000]
 *
 * Local-source throughput: a JSON-lines log of four tenants (a quarter internal) read by a
 * command source (`cat FILE`) of a real host, timed until every internal line is stored and
 * searchable, with the host's peak memory; then one more full-text search. When lnav is
 * installed, lnav loads the same file and answers one query in the same run, and the ratio is
 * printed (target: Ensemble no slower than lnav's load + one query).
 */
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startHost } from '../electron/host/start';

const { values } = parseArgs({ options: { lines: { type: 'string', default: '1000000' } } });
const N = Number(values.lines);
const TENANTS = ['internal', 'acme', 'globex', 'initech'];
const WORDS =
  'checkout cart payment coupon order refund shipping address invoice customer latency timeout retry cache'.split(
    ' ',
  );
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The log: one JSON object per line, ~130 bytes, times over the last ten minutes. */
function writeLog(file: string) {
  const out = fs.openSync(file, 'w');
  const start = Date.now() - 10 * 60_000;
  let chunk = '';
  for (let i = 0; i < N; i++) {
    const w = (k: number) => WORDS[(i * 7919 + k) % WORDS.length];
    chunk += `${JSON.stringify({
      time: new Date(start + Math.floor((i * 600_000) / N)).toISOString(),
      level: i % 50 === 0 ? 'error' : 'info',
      msg: `${w(0)} ${w(3)} request ${i} for order ${100000 + i} took ${(i % 900) + 20} ms`,
      service: 'shop-api',
      tenant: TENANTS[i % 4],
    })}\n`;
    if (chunk.length > 1 << 20) {
      fs.writeSync(out, chunk);
      chunk = '';
    }
  }
  fs.writeSync(out, chunk);
  fs.closeSync(out);
}

async function ensemble(file: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ensemble-bench-local-'));
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 25);
  const host = await startHost({ dataDir, mode: 'web', ingest: null });
  const { session } = await host.call('sessions.create', { title: 'Bench', tenantId: 'internal' });
  const sessionId = session.id;
  for (const name of ['Ana', 'Ben'])
    await host.call('participants.add', { sessionId, name, function: 'engineering' });
  const source = await host.call('sources.add', {
    sessionId,
    source: { kind: 'command', name: 'cat', command: `cat "${file}"`, tenancy: 'multi' },
  });
  const started = performance.now();
  await host.call('run.start', { sessionId });
  const internal = N / 4;
  let read = 0;
  for (;;) {
    const now = (await host.call('sources.list', { sessionId })).find((x) => x.id === source.id)!;
    if (!read && now.status === 'finished') read = performance.now() - started;
    if (now.status === 'finished' && now.lines!.stored >= internal) break;
    if (now.status === 'error') throw new Error(now.detail);
    await wait(20);
  }
  await host.feeds.drained();
  host.feeds.flush();
  const seconds = performance.now() - started;
  clearInterval(sampler);
  const lines = (await host.call('sources.list', { sessionId }))[0]!.lines!;
  const db = new Database(path.join(dataDir, 'ensemble.db'), { readonly: true });
  const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  const stored = count("SELECT count(*) AS n FROM feed_events WHERE tenant = 'internal'");
  const others = count("SELECT count(*) AS n FROM feed_events WHERE tenant != 'internal'");
  const searchable = count("SELECT count(*) AS n FROM feed_fts WHERE feed_fts MATCH 'request'");
  db.close();
  const searches: number[] = [];
  for (const text of ['refund', 'coupon timeout', 'order 100004', 'payment', 'nothingmatches']) {
    const t = performance.now();
    await host.call('feeds.query', { sessionId, text, limit: 200 });
    searches.push(performance.now() - t);
  }
  searches.sort((a, b) => a - b);
  await host.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  return { seconds, read, peak, stored, others, searchable, lines, search: searches[2]! };
}

/** lnav with a format for these lines (as its user would add), headless: load + one query. */
async function lnav(file: string) {
  if (spawnSync('lnav', ['-V']).status !== 0) return null;
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ensemble-bench-lnav-'));
  const formats = path.join(home, '.lnav', 'formats', 'installed');
  fs.mkdirSync(formats, { recursive: true });
  fs.writeFileSync(
    path.join(formats, 'bench.json'),
    JSON.stringify({
      ensemble_bench_log: {
        title: 'Ensemble benchmark JSON lines',
        description: 'One JSON object per line',
        json: true,
        'file-pattern': '\\.jsonl$',
        'timestamp-field': 'time',
        'level-field': 'level',
        'body-field': 'msg',
        value: {
          service: { kind: 'string', identifier: true },
          tenant: { kind: 'string', identifier: true },
        },
      },
    }),
  );
  const query = ";SELECT count(*) AS n FROM ensemble_bench_log WHERE tenant = 'internal'";
  const started = performance.now();
  const child = spawn('lnav', ['-n', '-c', query, file], { env: { ...process.env, HOME: home } });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  let peak = 0;
  const sampler = setInterval(() => {
    try {
      const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (hwm) peak = Math.max(peak, Number(hwm[1]) * 1024);
    } catch {
      // exited
    }
  }, 25);
  await new Promise((resolve) => child.on('close', resolve));
  clearInterval(sampler);
  const seconds = performance.now() - started;
  fs.rmSync(home, { recursive: true, force: true });
  return { seconds, peak, answer: out.trim().split(/\s+/).at(-1) };
}

async function main() {
  console.log(
    `Ensemble local-source benchmark — ${os.cpus().length} cores, Node ${process.version}`,
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ensemble-bench-log-'));
  const file = path.join(dir, 'app.jsonl');
  writeLog(file);
  console.log(
    `log: ${N.toLocaleString('en')} JSON lines, ${mb(fs.statSync(file).size)}, four tenants (a quarter internal)`,
  );
  const e = await ensemble(file);
  console.log(
    `Ensemble (cat FILE as a multi-tenant command source): ${e.stored.toLocaleString('en')} internal lines stored and searchable (${e.searchable.toLocaleString('en')} indexed) in ${s(e.seconds)}; ${e.others} other tenants' lines stored (${e.lines.otherTenant.toLocaleString('en')} counted and dropped); peak host memory (RSS) ${mb(e.peak)}; every line read after ${s(e.read)}`,
  );
  console.log(`Ensemble further full-text search (median of 5): ${e.search.toFixed(1)} ms`);
  const l = await lnav(file);
  if (!l) console.log('lnav not installed (apt-get install lnav): no side-by-side figure');
  else {
    console.log(
      `lnav load + one query (count of internal lines = ${l.answer}): ${s(l.seconds)}; peak memory ${mb(l.peak)}`,
    );
    console.log(
      `ratio Ensemble / lnav: ${(e.seconds / l.seconds).toFixed(2)} (target ≤ 1.00: ${e.seconds <= l.seconds ? 'met' : 'NOT met'})`,
    );
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
