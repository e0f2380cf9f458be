import * as Sentry from '@sentry/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempHost } from '../../../../test-support/tempHost';
import { storedCounts, storedEvents } from '../../../../test-support/feedEvents';
import { startIngestServer, type IngestServer } from './ingestServer';

let host: ReturnType<typeof createTempHost>;
let ingest: IngestServer;
beforeAll(async () => {
  host = createTempHost();
  await host.call('sessions.create', { title: 'Checkout', tenantId: 'internal' });
  ingest = await startIngestServer({ pipeline: host.feeds, hostname: '127.0.0.1', port: 0 });
  // Sentry's logs API (on by default in SDK 11), as current SDKs send it: `log` envelope items.
  Sentry.init({
    dsn: `http://anykey@127.0.0.1:${ingest.port}/1`,
    release: 'shop@2026.11.3',
    environment: 'production',
    defaultIntegrations: false,
    sendClientReports: false,
  });
});
afterAll(async () => {
  await Sentry.close(2000);
  await ingest.close();
  host.dispose();
});

const post = (body: string) =>
  fetch(`http://127.0.0.1:${ingest.port}/api/1/envelope/`, { method: 'POST', body });

describe('Sentry logs (log envelope items) from the real @sentry/node SDK', () => {
  it("stores the internal tenant's logs with level, release and attributes; others are counted", async () => {
    Sentry.logger.info('cart restored', { tenant: 'internal', cartItems: 3 });
    Sentry.logger.error('payment callback timed out for ana.silva@example.com', {
      tenant: 'internal',
    });
    Sentry.logger.warn('another customer', { tenant: 'acme-corp' });
    expect(await Sentry.flush(5000)).toBe(true);
    // Answered once committed: what the SDK flushed is stored.
    host.feeds.flush();
    const rows = storedEvents(host.dataDir);
    expect(rows).toHaveLength(2);
    const info = rows.find((r) => r.message === 'cart restored')!;
    expect(info).toMatchObject({
      source: 'sentry',
      level: 2,
      release: 'shop@2026.11.3',
      environment: 'production',
      error_type: null,
    });
    expect(JSON.parse(String(info.attributes))).toMatchObject({
      'tag:tenant': 'internal',
      'tag:cartItems': 3,
    });
    const error = rows.find((r) => r.error_type === 'Error')!;
    expect(error).toMatchObject({ level: 4 });
    expect(error.message).toBe('payment callback timed out for [redacted:email]');
    expect(storedCounts(host.dataDir)['dropped-other-tenant']).toBe(1);
  });

  it('refuses a log item of the wrong shape with 400 and stores nothing of the envelope', async () => {
    const before = storedEvents(host.dataDir).length;
    const good = {
      timestamp: Date.now() / 1000,
      level: 'info',
      body: 'fine',
      attributes: { tenant: { value: 'internal', type: 'string' } },
    };
    for (const items of [
      { items: 'x' },
      { items: [good, { ...good, body: 42 }] },
      { items: [{ ...good, attributes: { tenant: 'internal' } }] },
    ]) {
      const res = await post(
        [
          '{}',
          JSON.stringify({
            type: 'log',
            item_count: 2,
            content_type: 'application/vnd.sentry.items.log+json',
          }),
          JSON.stringify(items),
        ].join('\n'),
      );
      expect(res.status).toBe(400);
      expect(((await res.json()) as { detail: string }).detail).toMatch(/log item/);
    }
    host.feeds.flush();
    expect(storedEvents(host.dataDir)).toHaveLength(before);
  });
});
