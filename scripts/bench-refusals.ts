/**
 * npm run bench:refusals -- [--rounds 10]
 *
 * What hostile bodies cost the ingest port before they are refused. For 8 MB bodies nested as
 * deep as they can be (OTLP/JSON, OTLP protobuf, a Sentry event), the time from sending to the
 * 400, against a baseline measured in the same run: the same port accepting an 8 MB well-formed
 * OTLP/JSON body of other tenants' records (parsed and decoded, nothing stored). While the hostile
 * bodies run, a small good request is timed every 20 ms: its p99 is the port's responsiveness.
 */
import { parseArgs } from 'node:util';
import { startIngestServer } from '../electron/host/feeds/ingest/ingestServer';
import { createHost } from '../electron/host/host';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '10' } } });
const ROUNDS = Number(values.rounds);
const SIZE = 8 * 1024 * 1024 - 1024;

const deepJson = (() => {
  const open = '{"arrayValue":{"values":[';
  const close = ']}}';
  const levels = Math.floor((SIZE - 200) / (open.length + close.length));
  const value = open.repeat(levels) + '{"stringValue":"x"}' + close.repeat(levels);
  return `{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":${value}}]}]}]}`;
})();
const deepProto = (() => {
  // AnyValue{array_value{values: …}} levels, lengths laid out from the inside.
  const headers: number[][] = [];
  let length = 3;
  const wrap = (tag: number) => {
    const h = [tag];
    for (let n = length; ; n = Math.floor(n / 128)) {
      if (n < 0x80) {
        h.push(n);
        break;
      }
      h.push((n & 0x7f) | 0x80);
    }
    headers.push(h);
    length += h.length;
  };
  while (length < SIZE - 64) {
    wrap(0x0a);
    wrap(0x2a);
  }
  for (const tag of [0x2a, 0x12, 0x12, 0x0a]) wrap(tag);
  return Buffer.concat([Buffer.from(headers.reverse().flat()), Buffer.from([0x0a, 0x01, 0x78])]);
})();
const deepSentry = (() => {
  const levels = Math.floor((SIZE - 100) / 6);
  return `{"message":"x","extra":${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}}`;
})();
const wideJson = (() => {
  const record = JSON.stringify({
    timeUnixNano: '1763719200000000000',
    body: { stringValue: 'customer order 1234 shipped to the warehouse in time' },
    attributes: [{ key: 'tenant.id', value: { stringValue: 'acme-corp' } }],
  });
  const n = Math.floor((SIZE - 100) / (record.length + 1));
  return `{"resourceLogs":[{"scopeLogs":[{"logRecords":[${Array(n).fill(record).join(',')}]}]}]}`;
})();

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ensemble-bench-refusals-'));
  const host = createHost({ dataDir, mode: 'web', log: () => {} });
  await host.call(
    'sessions.create',
    { title: 'Bench', tenantId: 'internal' },
    { transport: 'test' },
  );
  const ingest = await startIngestServer({ pipeline: host.feeds, hostname: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${ingest.port}`;

  const post = (p: string, body: string | Buffer, type = 'application/json') =>
    fetch(`${base}${p}`, {
      method: 'POST',
      headers: { 'Content-Type': type },
      body: typeof body === 'string' ? body : new Blob([new Uint8Array(body)]),
    });

  async function time(name: string, send: () => Promise<Response>, expected: number) {
    const times: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const t = performance.now();
      const res = await send();
      await res.arrayBuffer();
      times.push(performance.now() - t);
      if (res.status !== expected) throw new Error(`${name}: ${res.status}, expected ${expected}`);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)]!;
  }

  const baseline = await time('well-formed 8 MB', () => post('/v1/logs', wideJson), 200);
  const probes: number[] = [];
  let probing = true;
  const probe = (async () => {
    const small = '{"resourceLogs":[]}';
    while (probing) {
      const t = performance.now();
      await post('/v1/logs', small);
      probes.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();

  const rows: Array<[string, number]> = [
    ['OTLP/JSON nested', await time('json', () => post('/v1/logs', deepJson), 400)],
    [
      'OTLP protobuf nested',
      await time('proto', () => post('/v1/logs', deepProto, 'application/x-protobuf'), 400),
    ],
    ['Sentry event nested', await time('sentry', () => post('/api/1/store/', deepSentry), 400)],
  ];
  probing = false;
  await probe;
  probes.sort((a, b) => a - b);

  console.log(
    `8 MB bodies, median of ${ROUNDS} each (baseline: well-formed 8 MB OTLP/JSON, ${baseline.toFixed(0)} ms)`,
  );
  for (const [name, ms] of rows)
    console.log(
      `  ${name.padEnd(22)} refused 400 in ${ms.toFixed(0).padStart(5)} ms  (${(ms / baseline).toFixed(2)}× baseline)`,
    );
  const p = (q: number) =>
    probes[Math.min(probes.length - 1, Math.floor(q * probes.length))]!.toFixed(1);
  console.log(
    `small good request during all of it: p50 ${p(0.5)} ms, p99 ${p(0.99)} ms (${probes.length} probes)`,
  );
  host.feeds.flush();
  await ingest.close();
  host.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

void main();
