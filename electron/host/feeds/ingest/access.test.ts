import http, { type IncomingMessage } from 'node:http';
import * as Sentry from '@sentry/node';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempHost } from '../../../../test-support/tempHost';
import { storedEvents } from '../../../../test-support/feedEvents';
import { MAX_KEY_FAILURES, presentedKeys } from './access';
import { startIngestServer, type IngestServer } from './ingestServer';

const KEY = '0123456789abcdef0123456789abcdef01234567';
const APP = 'http://127.0.0.1:5199';
let host: ReturnType<typeof createTempHost>;
let sessionId: string;
const servers: IngestServer[] = [];
beforeEach(async () => {
  host = createTempHost();
  ({
    session: { id: sessionId },
  } = await host.call('sessions.create', {
    title: 'Checkout',
    tenantId: 'internal',
  }));
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  host.dispose();
});

async function receivers(options: { requireKey?: boolean } = {}) {
  const server = await startIngestServer({
    pipeline: host.feeds,
    hostname: '127.0.0.1',
    port: 0,
    key: KEY,
    allowedOrigins: host.ingestOrigins,
    ...options,
  });
  servers.push(server);
  return `http://127.0.0.1:${server.port}`;
}

const otlpBody = JSON.stringify({
  resourceLogs: [
    {
      resource: { attributes: [{ key: 'tenant.id', value: { stringValue: 'internal' } }] },
      scopeLogs: [{ logRecords: [{ body: { stringValue: 'injected' } }] }],
    },
  ],
});
const envelope = [{}, { type: 'event' }, { message: 'injected', tags: { tenant: 'internal' } }]
  .map((p) => JSON.stringify(p))
  .join('\n');
const stored = () => (host.feeds.flush(), storedEvents(host.dataDir).length);

/** A raw request, for the headers fetch() will not let a caller set (Host). */
function raw(base: string, path: string, headers: Record<string, string>, body = '') {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('a page on another origin cannot write events', () => {
  it('refuses a foreign Origin (403, no CORS headers) for OTLP and Sentry, text/plain too', async () => {
    const base = await receivers();
    for (const [path, type, body] of [
      ['/v1/logs', 'application/json', otlpBody],
      ['/api/1/envelope/', 'text/plain;charset=UTF-8', envelope],
      ['/api/1/store/', 'text/plain', '{"message":"injected","tags":{"tenant":"internal"}}'],
    ]) {
      for (const origin of ['https://evil.example', 'null', `${APP}.evil.example`]) {
        const res = await fetch(`${base}${path}`, {
          method: 'POST',
          headers: { Origin: origin, 'Content-Type': type! },
          body,
        });
        expect(res.status).toBe(403);
        expect(res.headers.get('access-control-allow-origin')).toBeNull();
        expect(await res.text()).toMatch(/may not send events/);
      }
      const preflight = await fetch(`${base}${path}`, {
        method: 'OPTIONS',
        headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
      });
      expect(preflight.status).toBe(403);
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    }
    expect(stored()).toBe(0);
  });

  it('answers an allowlisted origin with that origin (never *), Vary: Origin, and stores', async () => {
    const base = await receivers();
    const settings = await host.call('feeds.getSettings', { sessionId });
    await host.call('feeds.updateSettings', {
      sessionId,
      settings: { ...settings, allowedOrigins: [APP] },
    });
    const preflight = await fetch(`${base}/v1/logs`, {
      method: 'OPTIONS',
      headers: {
        Origin: APP,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(APP);
    expect(preflight.headers.get('vary')).toBe('Origin');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/content-type/);
    const res = await fetch(`${base}/api/1/envelope/`, {
      method: 'POST',
      headers: { Origin: APP, 'Content-Type': 'text/plain;charset=UTF-8' },
      body: envelope,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(res.headers.get('vary')).toBe('Origin');
    expect(stored()).toBe(1);
    // Requests without Origin (SDKs, collectors, curl) are not browsers: accepted on loopback.
    expect(
      (
        await fetch(`${base}/v1/logs`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: otlpBody,
        })
      ).status,
    ).toBe(200);
    expect(stored()).toBe(2);
  });

  it('names an allowed origin on every OTLP answer, not only the preflight', async () => {
    // Browser exporters read the answer (the OTel fetch transport checks the status and
    // Retry-After): without the header every export looks failed and is retried.
    const base = await receivers();
    const settings = await host.call('feeds.getSettings', { sessionId });
    await host.call('feeds.updateSettings', {
      sessionId,
      settings: { ...settings, allowedOrigins: [APP] },
    });
    const answers = [
      ['application/json', otlpBody, 200],
      ['application/json', '{"resourceLogs": 3}', 400],
      ['application/json', '{not json', 400],
      ['text/plain', otlpBody, 415],
    ] as const;
    for (const [type, body, status] of answers) {
      const res = await fetch(`${base}/v1/logs`, {
        method: 'POST',
        headers: { Origin: APP, 'Content-Type': type },
        body,
      });
      expect([type, body, res.status]).toEqual([type, body, status]);
      expect(res.headers.get('access-control-allow-origin')).toBe(APP);
      expect(res.headers.get('access-control-expose-headers')).toMatch(/Retry-After/);
      expect(res.headers.get('vary')).toBe('Origin');
    }
  });

  it('an allowlist entry must be exactly scheme://host[:port]', async () => {
    const settings = await host.call('feeds.getSettings', { sessionId });
    for (const bad of [
      'https://app.example/',
      'https://app.example/path',
      'app.example',
      'ftp://x.example',
      '*',
      'https://app.example:443',
    ])
      await expect(
        host.call('feeds.updateSettings', {
          sessionId,
          settings: { ...settings, allowedOrigins: [bad] },
        }),
      ).rejects.toThrow(/origin/);
  });
});

describe('Host header, as on the app port', () => {
  it('refuses (421) a name that is not loopback unless remote access is on', async () => {
    const base = await receivers();
    const json = { 'Content-Type': 'application/json' };
    const rebound = await raw(
      base,
      '/v1/logs',
      { ...json, Host: 'attacker.example:4318' },
      otlpBody,
    );
    expect(rebound.status).toBe(421);
    expect(
      (await raw(base, '/v1/logs', { ...json, Host: 'localhost:4318' }, otlpBody)).status,
    ).toBe(200);
    expect(stored()).toBe(1);
    const remote = await receivers({ requireKey: true });
    const keyed = { ...json, Authorization: `Bearer ${KEY}`, Host: 'ensemble.lan:4318' };
    expect((await raw(remote, '/v1/logs', keyed, otlpBody)).status).toBe(200);
  });
});

describe('with remote access on, only holders of the ingest key may send', () => {
  it('refuses a missing or wrong key with 401 and the documented body', async () => {
    const base = await receivers({ requireKey: true });
    const json = { 'Content-Type': 'application/json' };
    const missing = await fetch(`${base}/v1/logs`, {
      method: 'POST',
      headers: json,
      body: otlpBody,
    });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({
      code: 16,
      message: 'An ingest key is required: Authorization: Bearer <key> or the Sentry DSN key',
    });
    const wrong = await fetch(`${base}/api/1/envelope/?sentry_key=nope&sentry_version=7`, {
      method: 'POST',
      body: envelope,
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ detail: 'Wrong ingest key' });
    const header = await fetch(`${base}/api/1/store/`, {
      method: 'POST',
      headers: {
        'X-Sentry-Auth': `Sentry sentry_version=7, sentry_key=${KEY}, sentry_client=raven-js/3.27`,
      },
      body: '{"message":"from an old SDK","tags":{"tenant":"internal"}}',
    });
    expect(header.status).toBe(200);
    expect(stored()).toBe(1);
  });

  it('accepts the real OpenTelemetry exporter given the key through OTEL_EXPORTER_OTLP_HEADERS', async () => {
    const base = await receivers({ requireKey: true });
    process.env.OTEL_EXPORTER_OTLP_HEADERS = `Authorization=Bearer%20${KEY}`;
    let exporter;
    try {
      exporter = new OTLPLogExporter({ url: `${base}/v1/logs` });
    } finally {
      delete process.env.OTEL_EXPORTER_OTLP_HEADERS;
    }
    const provider = new LoggerProvider({
      resource: resourceFromAttributes({ 'tenant.id': 'internal' }),
      processors: [new BatchLogRecordProcessor({ exporter, scheduledDelayMillis: 50 })],
    });
    provider.getLogger('checkout').emit({ severityNumber: SeverityNumber.INFO, body: 'keyed' });
    await provider.forceFlush();
    await provider.shutdown();
    expect(storedEvents((host.feeds.flush(), host.dataDir)).map((e) => e.message)).toEqual([
      'keyed',
    ]);
  });

  it('accepts the real Sentry SDK whose DSN carries the key, and refuses one whose DSN does not', async () => {
    const base = await receivers({ requireKey: true });
    const { host: address } = new URL(base);
    for (const [key, expected] of [
      ['wrongkey', 0],
      [KEY, 1],
    ] as const) {
      Sentry.init({
        dsn: `http://${key}@${address}/1`,
        defaultIntegrations: false,
        sendClientReports: false,
      });
      Sentry.withScope((scope) => {
        scope.setTag('tenant', 'internal');
        Sentry.captureMessage('from the SDK', 'error');
      });
      await Sentry.close(5000);
      expect(stored()).toBe(expected);
    }
  });

  it(`rate-limits an address after ${MAX_KEY_FAILURES} wrong keys (429 + Retry-After), even a right one then`, async () => {
    const base = await receivers({ requireKey: true });
    const attempt = (key: string) =>
      fetch(`${base}/v1/logs`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
        body: otlpBody,
      });
    for (let i = 0; i < MAX_KEY_FAILURES; i++)
      expect((await attempt(`guess${i}`)).status).toBe(401);
    const limited = await attempt('guess-again');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await attempt(KEY)).status).toBe(429);
    expect(stored()).toBe(0);
  });

  it('without remote access no key is needed, and a wrong one is ignored (any DSN key works)', async () => {
    const base = await receivers();
    const res = await fetch(`${base}/api/1/envelope/?sentry_key=ensemble`, {
      method: 'POST',
      body: envelope,
    });
    expect(res.status).toBe(200);
    expect(stored()).toBe(1);
  });
});

describe('reading the key from hostile headers', () => {
  it('finds the key wherever Sentry SDKs put it, and a header of 16 KB of spaces yields none', () => {
    const keys = (headers: Record<string, string>, query = '') =>
      presentedKeys({ headers } as unknown as IncomingMessage, new URLSearchParams(query));
    expect(keys({ 'x-sentry-auth': 'Sentry sentry_version=7, sentry_key=abc123, x=y' })).toEqual([
      'abc123',
    ]);
    expect(keys({ 'x-sentry-auth': 'Sentry sentry_key=abc123' })).toEqual(['abc123']);
    expect(keys({ authorization: 'Bearer k_1' }, 'sentry_key=q_2')).toEqual(['k_1', 'q_2']);
    // Node's whole header limit: once quadratic (170 ms a request on an open port), now one pass.
    expect(keys({ 'x-sentry-auth': `Sentry${' '.repeat(16_000)}x` })).toEqual([]);
    expect(keys({ 'x-sentry-auth': `Sentry x,${' ,'.repeat(8_000)}` })).toEqual([]);
  });
});
