import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rawEvent, storedEvents } from '../../../../test-support/feedEvents';
import { fillDisk, freeDisk, PAGE_FILLER } from '../../../../test-support/fullDisk';
import { createTempHost } from '../../../../test-support/tempHost';
import { startIngestServer, type IngestServer } from './ingestServer';
import { ExportLogsServiceRequest } from './otlp/proto';

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
