import zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempHost } from '../../../../test-support/tempHost';
import { storedEvents } from '../../../../test-support/feedEvents';
import { startIngestServer, type IngestServer } from './ingestServer';
import { ExportLogsServiceRequest } from './otlp/proto';

let host: ReturnType<typeof createTempHost>;
let ingest: IngestServer;
let base: string;
const failures: unknown[] = [];
beforeEach(async () => {
  host = createTempHost();
  await host.call('sessions.create', { title: 'Checkout', tenantId: 'internal' });
  failures.length = 0;
  ingest = await startIngestServer({
    pipeline: host.feeds,
    hostname: '127.0.0.1',
    port: 0,
    log: (_m, e) => failures.push(e),
  });
  base = `http://127.0.0.1:${ingest.port}`;
});
afterEach(async () => {
  await ingest.close();
  host.dispose();
});

const post = (path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: 'POST', body, headers });
const json = { 'Content-Type': 'application/json' };
const proto = { 'Content-Type': 'application/x-protobuf' };
const good = { message: 'fine', tags: { tenant: 'internal' } };
const otlpRecord = (body: unknown) => ({
  resourceLogs: [
    {
      scopeLogs: [
        {
          logRecords: [
            { body, attributes: [{ key: 'tenant.id', value: { stringValue: 'internal' } }] },
          ],
        },
      ],
    },
  ],
});

/** An AnyValue nested `levels` deep in arrays, as JSON text, built without recursion. */
function deepJsonValue(levels: number): string {
  return '{"arrayValue":{"values":['.repeat(levels) + '{"stringValue":"x"}' + ']}}'.repeat(levels);
}

/** The same in protobuf: each level only prefixes a header, so the headers are laid out first. */
function deepProtoRequest(levels: number): Buffer {
  const inner = Buffer.from([0x0a, 0x01, 0x78]); // AnyValue { string_value: "x" }
  const varint = (n: number) => {
    const out: number[] = [];
    while (n >= 0x80) {
      out.push((n & 0x7f) | 0x80);
      n = Math.floor(n / 128);
    }
    out.push(n);
    return out;
  };
  const headers: number[][] = [];
  let length = inner.length;
  const wrap = (tag: number) => {
    const h = [tag, ...varint(length)];
    headers.push(h);
    length += h.length;
  };
  for (let i = 0; i < levels; i++) {
    wrap(0x0a); // ArrayValue.values = 1
    wrap(0x2a); // AnyValue.array_value = 5
  }
  wrap(0x2a); // LogRecord.body = 5
  wrap(0x12); // ScopeLogs.log_records = 2
  wrap(0x12); // ResourceLogs.scope_logs = 2
  wrap(0x0a); // ExportLogsServiceRequest.resource_logs = 1
  return Buffer.concat([Buffer.from(headers.reverse().flat()), inner]);
}

async function expectRefused(
  send: () => Promise<Response>,
  status: number,
  detail: RegExp,
  type = 'application/json',
) {
  host.feeds.flush();
  const before = storedEvents(host.dataDir).length;
  const res = await send();
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe(type);
  expect(await res.text()).toMatch(detail);
  host.feeds.flush();
  expect(storedEvents(host.dataDir)).toHaveLength(before);
  expect(failures).toEqual([]);
  // …and the receiver still takes good input.
  const ok = await post('/api/1/store/', JSON.stringify(good), json);
  expect(ok.status).toBe(200);
}

describe('malformed input gets the documented 4xx, nothing of it is stored, never a 500', () => {
  it('OTLP/JSON nested deeper than the limit: 400 with a Status body', async () => {
    const res = () =>
      post('/v1/logs', JSON.stringify(otlpRecord({})).replace('{}', deepJsonValue(50_000)), json);
    await expectRefused(
      res,
      400,
      /"code":3,"message":"The body is nested more than 64 levels deep"/,
    );
  });

  it('OTLP/JSON nesting within the limit is stored as JSON text', async () => {
    const res = await post(
      '/v1/logs',
      JSON.stringify(otlpRecord({})).replace('{}', deepJsonValue(12)),
      json,
    );
    expect(res.status).toBe(200);
    host.feeds.flush();
    expect(storedEvents(host.dataDir)).toHaveLength(1);
  });

  it('OTLP protobuf nested deeper than the limit: 400 with a protobuf Status', async () => {
    const res = () => post('/v1/logs', deepProtoRequest(50_000), proto);
    await expectRefused(res, 400, /nested more than 48 levels deep/, 'application/x-protobuf');
  });

  it('OTLP protobuf nesting within the limit decodes', async () => {
    const body = deepProtoRequest(5);
    expect(ExportLogsServiceRequest.decode(body)).toBeTruthy();
    expect((await post('/v1/logs', body, proto)).status).toBe(200);
  });

  it('a Sentry event nested deeper than the limit: 400', async () => {
    const extra = '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000);
    const res = () =>
      post('/api/1/store/', `{"message":"x","tags":{"tenant":"internal"},"extra":${extra}}`, json);
    await expectRefused(res, 400, /"detail":"The body is nested more than 64 levels deep"/);
  });

  it.each([
    [
      'exception.values a string',
      { exception: { values: 'boom' } },
      /event\.exception\.values: expected array/,
    ],
    ['exception a number', { exception: 7 }, /event\.exception: expected object or array/],
    [
      'an exception that is a string',
      { exception: { values: ['boom'] } },
      /event\.exception\[0\]: expected object/,
    ],
    [
      'frames an object',
      { exception: { values: [{ type: 'E', stacktrace: { frames: { 0: {} } } }] } },
      /frames: expected array/,
    ],
    [
      'a frame that is a number',
      { exception: { values: [{ type: 'E', stacktrace: { frames: [1] } }] } },
      /frames\[0\]: expected object/,
    ],
    [
      'a frame line that is text',
      { exception: { values: [{ type: 'E', stacktrace: { frames: [{ lineno: 'x' }] } }] } },
      /frames\[0\]\.lineno: expected number/,
    ],
    ['tags a number', { tags: 5 }, /event\.tags: expected object or array/],
    [
      'tags a list of non-pairs',
      { tags: [1, 2] },
      /event\.tags\[0\]: expected a \[key, value\] pair/,
    ],
    ['contexts a string', { contexts: 'trace' }, /event\.contexts: expected object/],
    [
      'contexts.trace a string',
      { contexts: { trace: 'abc' } },
      /event\.contexts\.trace: expected object/,
    ],
    [
      'breadcrumbs a string',
      { breadcrumbs: 'clicked' },
      /event\.breadcrumbs: expected object or array/,
    ],
    [
      'breadcrumbs.values an object',
      { breadcrumbs: { values: {} } },
      /event\.breadcrumbs\.values: expected array/,
    ],
    ['level a number', { level: 40 }, /event\.level: expected string/],
    ['release an object', { release: { v: 1 } }, /event\.release: expected string/],
    ['user a list', { user: ['ana'] }, /event\.user: expected object/],
    ['fingerprint a string', { fingerprint: 'checkout' }, /event\.fingerprint: expected array/],
  ])(
    'a Sentry event with %s: 400 naming the field, by store and by envelope',
    async (_n, bad, detail) => {
      const event = { ...good, ...bad };
      await expectRefused(() => post('/api/1/store/', JSON.stringify(event), json), 400, detail);
      // A good event before the bad one in the same envelope is not stored either.
      const envelope = [{}, { type: 'event' }, good, { type: 'event' }, event]
        .map((part) => JSON.stringify(part))
        .join('\n');
      await expectRefused(
        () => post('/api/1/envelope/', envelope, { 'Content-Type': 'text/plain' }),
        400,
        detail,
      );
    },
  );

  it('nulls stand for absent fields, as in Sentry’s protocol', async () => {
    const event = {
      ...good,
      level: null,
      exception: {
        values: [null, { type: 'E', value: 42, stacktrace: { frames: [null, { lineno: null }] } }],
      },
      contexts: { trace: null },
      breadcrumbs: null,
      user: null,
    };
    expect((await post('/api/1/store/', JSON.stringify(event), json)).status).toBe(200);
    host.feeds.flush();
    expect(storedEvents(host.dataDir)).toMatchObject([{ message: 'E: 42' }]);
  });

  it('an unknown Content-Encoding: 415 before the body is read', async () => {
    const res = () => post('/v1/logs', Buffer.from('{}'), { ...json, 'Content-Encoding': 'zstd' });
    await expectRefused(res, 415, /Unsupported Content-Encoding zstd/);
    const sentry = () => post('/api/1/envelope/', 'x', { 'Content-Encoding': 'gzip, gzip' });
    await expectRefused(sentry, 415, /"detail":"Unsupported Content-Encoding gzip, gzip"/);
  });

  it('a gzip body that is not gzip, to Sentry: 400 in its format', async () => {
    const res = () => post('/api/1/envelope/', Buffer.from('nope'), { 'Content-Encoding': 'gzip' });
    await expectRefused(res, 400, /"detail":"The body is not valid gzip"/);
  });

  it('an over-long Sentry body: 413', async () => {
    const res = () =>
      post('/api/1/store/', zlib.gzipSync(Buffer.alloc(40 * 1024 * 1024, 32)), {
        ...json,
        'Content-Encoding': 'gzip',
      });
    await expectRefused(res, 413, /"detail":"Bodies may not inflate past 32 MB"/);
  });
});
