import zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempHost } from '../../../../test-support/tempHost';
import { startIngestServer, type IngestServer } from './ingestServer';
import { ExportLogsServiceRequest } from './otlp/proto';
import { createFeedPipeline } from '../store/pipeline';
import { internalWatch, rawEvent, storedEvents } from '../../../../test-support/feedEvents';
import { fillDisk, freeDisk, PAGE_FILLER } from '../../../../test-support/fullDisk';

let host: ReturnType<typeof createTempHost>;
let ingest: IngestServer;
let base: string;
beforeEach(async () => {
  host = createTempHost();
  await host.call('sessions.create', { title: 'Checkout', tenantId: 'internal' });
  ingest = await startIngestServer({
    pipeline: host.feeds,
    hostname: '127.0.0.1',
    port: 0,
    log: () => {},
  });
  base = `http://127.0.0.1:${ingest.port}`;
});
afterEach(async () => {
  await ingest.close();
  host.dispose();
});

const record = (extra: Record<string, unknown> = {}) => ({
  timeUnixNano: '1763719200000000000',
  severityNumber: 17,
  body: { stringValue: 'boom' },
  attributes: [{ key: 'tenant.id', value: { stringValue: 'internal' } }],
  ...extra,
});
const request = (records: unknown[]) => ({
  resourceLogs: [{ resource: { attributes: [] }, scopeLogs: [{ logRecords: records }] }],
});
const post = (
  path: string,
  body: string | Buffer,
  headers: Record<string, string> = { 'Content-Type': 'application/json' },
) => fetch(`${base}${path}`, { method: 'POST', body, headers });

describe('ingest: bad input gets the documented answer and the host keeps serving', () => {
  it('accepts OTLP/JSON with 64-bit ints as strings or numbers and unknown fields', async () => {
    const res = await post(
      '/v1/logs',
      JSON.stringify({
        ...request([record({ futureField: 1 }), record({ timeUnixNano: 1763719200000000000 })]),
        extra: true,
      }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    host.feeds.flush();
    expect(storedEvents(host.dataDir).map((e) => e.time)).toEqual([1763719200000, 1763719200000]);
  });

  it('answers partial success for records it cannot read, and stores the rest', async () => {
    const res = await post(
      '/v1/logs',
      JSON.stringify(
        request([record(), record({ traceId: 'not-hex' }), record({ severityNumber: 'ERROR' })]),
      ),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      partialSuccess: { rejectedLogRecords: '2', errorMessage: expect.any(String) },
    });
    host.feeds.flush();
    expect(storedEvents(host.dataDir)).toHaveLength(1);
  });

  it.each([
    ['bad JSON', () => post('/v1/logs', '{"resourceLogs": ['), 400],
    ['wrong types', () => post('/v1/logs', JSON.stringify({ resourceLogs: 'everything' })), 400],
    [
      'truncated protobuf',
      () =>
        post(
          '/v1/logs',
          Buffer.from(
            ExportLogsServiceRequest.encode(
              ExportLogsServiceRequest.fromObject(request([record()])),
            ).finish(),
          ).subarray(0, 20),
          { 'Content-Type': 'application/x-protobuf' },
        ),
      400,
    ],
    [
      'bad gzip',
      () =>
        post('/v1/logs', Buffer.from('not gzip at all'), {
          'Content-Type': 'application/json',
          'Content-Encoding': 'gzip',
        }),
      400,
    ],
    ['another content type', () => post('/v1/logs', 'x', { 'Content-Type': 'text/plain' }), 415],
    ['a huge body', () => post('/v1/logs', Buffer.alloc(9 * 1024 * 1024, 32)), 413],
    [
      'a gzip bomb',
      () =>
        post('/v1/logs', zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024, 32)), {
          'Content-Type': 'application/json',
          'Content-Encoding': 'gzip',
        }),
      413,
    ],
    [
      'an envelope with a lying length',
      () =>
        post(
          '/api/1/envelope/',
          '{"event_id":"a"}\n{"type":"event","length":500}\n{"message":"hi"}\n',
          {},
        ),
      400,
    ],
    [
      'an envelope item header that is not JSON',
      () => post('/api/1/envelope/', '{}\nnot json\n{}\n', {}),
      400,
    ],
    [
      'an event that is not an object',
      () => post('/api/1/store/', '[1,2,3]', { 'Content-Type': 'application/json' }),
      400,
    ],
  ])('%s', async (_name, send, status) => {
    const res = await send();
    expect(res.status).toBe(status);
    const ok = await post('/v1/logs', JSON.stringify(request([record()])));
    expect(ok.status).toBe(200);
  });

  it('answers protobuf clients in protobuf', async () => {
    const body = ExportLogsServiceRequest.encode(
      ExportLogsServiceRequest.fromObject(request([record()])),
    ).finish();
    const res = await post('/v1/logs', Buffer.from(body), {
      'Content-Type': 'application/x-protobuf',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
  });

  it('tells clients to come back later instead of dropping when the writer is behind', async () => {
    const tight = createFeedPipeline({
      db: openDb(),
      now: Date.now,
      watches: () => [internalWatch],
      onStored: () => {},
      maxQueue: 1,
      batchMs: 10_000,
    });
    const busy = await startIngestServer({ pipeline: tight, hostname: '127.0.0.1', port: 0 });
    const send = () =>
      fetch(`http://127.0.0.1:${busy.port}/v1/logs`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request([record(), record()])),
      });
    // A sender is answered once its events are stored, so the queue is only ever full of
    // requests in flight: here one request brings more than the queue holds.
    const refused = await send();
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    const event = JSON.stringify({ message: 'x', tags: { tenant: 'internal' } });
    const sentry = await fetch(`http://127.0.0.1:${busy.port}/api/1/envelope/`, {
      method: 'POST',
      body: `{}\n{"type":"event"}\n${event}\n{"type":"event"}\n${event}\n`,
    });
    expect(sentry.status).toBe(429);
    expect(sentry.headers.get('retry-after')).toBe('1');
    tight.stop();
    await busy.close();
  });
});

import Database from 'better-sqlite3';
import { migrate } from '../../db/database';
function openDb() {
  const db = new Database(':memory:');
  migrate(db);
  return db;
}

const otlp = (...messages: string[]) => ({
  resourceLogs: [
    {
      resource: { attributes: [{ key: 'tenant.id', value: { stringValue: 'internal' } }] },
      scopeLogs: [
        {
          logRecords: messages.map((m) => ({
            timeUnixNano: '1763719200000000000',
            severityNumber: 17,
            body: { stringValue: m },
          })),
        },
      ],
    },
  ],
});
const postJson = (body: unknown) =>
  fetch(`${base}/v1/logs`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
const envelope = (message: string) =>
  fetch(`${base}/api/1/envelope/`, {
    method: 'POST',
    body: `{}\n{"type":"event"}\n${JSON.stringify({ message, tags: { tenant: 'internal' } })}\n`,
  });
const messages = () => storedEvents(host.dataDir).map((e) => String(e.message).slice(0, 20));

describe('acknowledged means stored', () => {
  it('answers OTLP and Sentry only once their events are committed', async () => {
    expect((await postJson(otlp('first', 'second'))).status).toBe(200);
    expect(messages()).toEqual(['first', 'second']);
    expect((await envelope('third')).status).toBe(200);
    expect(messages()).toEqual(['first', 'second', 'third']);
  });

  it('has many waiting senders share one commit', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => postJson(otlp(`request ${i}`))),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(messages()).toHaveLength(20);
    const batches = host.db.prepare('SELECT COUNT(*) AS n FROM feed_batches').get() as {
      n: number;
    };
    expect(batches.n).toBeLessThan(20);
  });
});

describe('a full disk', () => {
  it('is answered "retry later" (OTLP 503, Sentry 507, with Retry-After), nothing half stored', async () => {
    fillDisk(host.db);
    const refused = await postJson(otlp('kept 1', PAGE_FILLER));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('2');
    expect(await refused.json()).toMatchObject({
      code: 14,
      message: expect.stringMatching(
        /^Ensemble's disk is full; nothing of this request was stored/,
      ),
    });
    const proto = await fetch(`${base}/v1/logs`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-protobuf' },
      body: Buffer.from(
        ExportLogsServiceRequest.encode(
          ExportLogsServiceRequest.fromObject(otlp(PAGE_FILLER)),
        ).finish(),
      ),
    });
    expect(proto.status).toBe(503);
    expect(proto.headers.get('retry-after')).toBe('2');
    const sentry = await envelope(PAGE_FILLER);
    expect(sentry.status).toBe(507);
    expect(sentry.headers.get('retry-after')).toBe('2');
    expect(await sentry.json()).toEqual({
      detail: expect.stringMatching(/^Ensemble's disk is full/),
    });
    expect(messages()).toEqual([]);

    // Space is back: the sender's retry is stored, once.
    freeDisk(host.db);
    const again = await postJson(otlp('kept 1', PAGE_FILLER));
    expect(again.status).toBe(200);
    expect(messages()).toEqual(['kept 1', PAGE_FILLER.slice(0, 20)]);
    expect((await envelope('after')).status).toBe(200);
    expect(messages()).toHaveLength(3);
  });

  it('keeps what sources that do not wait sent, and stores it once space is back', async () => {
    fillDisk(host.db);
    host.feeds.ingest('command', [rawEvent(1_763_719_200_000, PAGE_FILLER)]);
    expect(() => host.feeds.flush()).toThrow(/SQLITE_FULL|full/i);
    expect(host.feeds.queued()).toBe(1);
    freeDisk(host.db);
    host.feeds.flush();
    expect(messages()).toEqual([PAGE_FILLER.slice(0, 20)]);
  });
});
