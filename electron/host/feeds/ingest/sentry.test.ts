import * as Sentry from '@sentry/node';
import zlib from 'node:zlib';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempHost } from '../../../../test-support/tempHost';
import { startIngestServer, type IngestServer } from './ingestServer';
import { storedCounts, storedEvents } from '../../../../test-support/feedEvents';

let host: ReturnType<typeof createTempHost>;
let ingest: IngestServer;
beforeAll(async () => {
  host = createTempHost();
  await host.call('sessions.create', { title: 'Checkout', tenantId: 'internal' });
  ingest = await startIngestServer({ pipeline: host.feeds, hostname: '127.0.0.1', port: 0 });
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

class CheckoutError extends Error {
  override name = 'CheckoutError';
}

describe('Sentry-compatible receiver with the real @sentry/node SDK', () => {
  it('keeps the internal tenant’s errors with type, value, stack, tags and release; others are counted', async () => {
    Sentry.withScope((scope) => {
      scope.setTag('tenant', 'internal');
      scope.setUser({ email: 'ana.silva@example.com' });
      scope.setFingerprint(['checkout-total']);
      Sentry.captureException(new CheckoutError('total mismatch for order 8812'));
    });
    Sentry.withScope((scope) => {
      scope.setTag('tenant', 'acme-corp');
      Sentry.captureException(new CheckoutError('a customer’s error'));
    });
    Sentry.withScope((scope) => {
      scope.setTag('tenant', 'internal');
      Sentry.captureMessage('coupon service slow', 'warning');
    });
    expect(await Sentry.flush(5000)).toBe(true);
    host.feeds.flush();
    const rows = storedEvents(host.dataDir);
    expect(rows).toHaveLength(2);
    const error = rows.find((r) => r.error_type === 'CheckoutError')!;
    expect(error).toMatchObject({
      source: 'sentry',
      level: 4,
      release: 'shop@2026.11.3',
      environment: 'production',
      group_key: 'fp:checkout-total',
    });
    expect(error.error_value).toBe('total mismatch for order 8812');
    expect(String(error.error_stack)).toMatch(/at .*sentry\.test\.ts/);
    expect(JSON.parse(String(error.attributes))).toMatchObject({
      'tag:tenant': 'internal',
      'user.email': '[redacted:email]',
    });
    expect(rows.find((r) => r.message === 'coupon service slow')).toMatchObject({
      level: 3,
      error_type: null,
    });
    expect(storedCounts(host.dataDir)['dropped-other-tenant']).toBe(1);
  });

  it('takes what the browser SDK sends: key in the query, no content type, chunked, gzip', async () => {
    const envelope = [
      JSON.stringify({ event_id: 'b1f1c0ffee', sent_at: new Date().toISOString() }),
      JSON.stringify({ type: 'session' }),
      JSON.stringify({ status: 'ok' }),
      JSON.stringify({ type: 'event' }),
      JSON.stringify({
        exception: {
          values: [
            { type: 'TypeError', value: "Cannot read properties of undefined (reading 'total')" },
          ],
        },
        tags: { tenant: 'internal' },
        timestamp: Date.now() / 1000,
      }),
    ].join('\n');
    const res = await fetch(
      `http://127.0.0.1:${ingest.port}/api/1/envelope/?sentry_version=7&sentry_key=public`,
      {
        method: 'POST',
        headers: { 'Content-Encoding': 'gzip' },
        body: Readable.toWeb(Readable.from([zlib.gzipSync(envelope)])) as ReadableStream,
        duplex: 'half',
      } as RequestInit,
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: 'b1f1c0ffee' });
    host.feeds.flush();
    expect(storedEvents(host.dataDir).some((r) => r.error_type === 'TypeError')).toBe(true);
  });
});

const post = (body: string) =>
  fetch(`http://127.0.0.1:${ingest.port}/api/1/envelope/`, { method: 'POST', body });

describe('Sentry logs (log envelope items, Sentry.logger.* in SDK 11) from the real @sentry/node SDK', () => {
  it("stores the internal tenant's logs with level, release and attributes; others are counted", async () => {
    const before = storedEvents(host.dataDir).length;
    const dropped = storedCounts(host.dataDir)['dropped-other-tenant'] ?? 0;
    Sentry.logger.info('cart restored', { tenant: 'internal', cartItems: 3 });
    Sentry.logger.error('payment callback timed out for ana.silva@example.com', {
      tenant: 'internal',
    });
    Sentry.logger.warn('another customer', { tenant: 'acme-corp' });
    expect(await Sentry.flush(5000)).toBe(true);
    // Answered once committed: what the SDK flushed is stored.
    host.feeds.flush();
    const rows = storedEvents(host.dataDir).slice(before);
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
    expect(storedCounts(host.dataDir)['dropped-other-tenant']).toBe(dropped + 1);
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
