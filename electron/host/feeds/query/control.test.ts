import * as Sentry from '@sentry/node';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBytes, storedCounts } from '../../../../test-support/feedEvents';
import { runFixture } from '../../../../test-support/runFixture';
import { createTempHost } from '../../../../test-support/tempHost';
import { startIngestServer, type IngestServer } from '../ingest/ingestServer';
import { CONTROL_ERRORS_PER_MINUTE, CONTROL_OVERFLOW } from '../store/control';

let fx: Awaited<ReturnType<typeof runFixture>>;
let ingest: IngestServer;
beforeAll(async () => {
  fx = await runFixture({ systemClock: true });
  ingest = await startIngestServer({ pipeline: fx.host.feeds, hostname: '127.0.0.1', port: 0 });
  Sentry.init({
    dsn: `http://anykey@127.0.0.1:${ingest.port}/1`,
    defaultIntegrations: false,
    sendClientReports: false,
  });
});
afterAll(async () => {
  await Sentry.close(2000);
  await ingest.close();
  fx.host.dispose();
});

class PaymentError extends Error {
  override name = 'PaymentError';
}
class CouponError extends Error {
  override name = 'CouponError';
}

const sentryError = (tenant: string, error: Error) =>
  Sentry.withScope((scope) => {
    scope.setTag('tenant', tenant);
    Sentry.captureException(error);
  });

async function otlpLogs(tenant: string, records: Array<[SeverityNumber, string]>) {
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'shop-api', 'tenant.id': tenant }),
    processors: [
      new BatchLogRecordProcessor({
        exporter: new OTLPLogExporter({ url: `${ingest.url}/v1/logs` }),
        scheduledDelayMillis: 20,
      }),
    ],
  });
  const log = provider.getLogger('checkout');
  for (const [severityNumber, body] of records)
    log.emit({ severityNumber, body, attributes: { 'customer.secret_note': `${tenant} private` } });
  await provider.forceFlush();
  await provider.shutdown();
}

describe('the control group: the tenants the flag is off for, as counts only', () => {
  it('tells an error seen only where the flag is on from one everyone has, and stores none of their text', async () => {
    const { host, sessionId } = fx;
    await host.call('run.start', { sessionId });
    // The same payment error for the internal tenant and for two customers (numbers differ:
    // they group together); the coupon error only where the flag is on.
    for (let i = 0; i < 5; i++) {
      sentryError('internal', new PaymentError(`card declined for order 100${i}`));
      sentryError('internal', new CouponError('coupon NEWFLOW crashed the total'));
    }
    sentryError('acme-corp', new PaymentError('card declined for order 2002'));
    sentryError('globex', new PaymentError('card declined for order 3003'));
    sentryError('acme-corp', new Error('acme-only stock sync failed'));
    expect(await Sentry.flush(5000)).toBe(true);
    await otlpLogs('acme-corp', [
      [SeverityNumber.INFO, 'acme order placed'],
      [SeverityNumber.INFO, 'acme cart loaded'],
      [SeverityNumber.ERROR, 'acme shipping quote failed'],
    ]);
    await otlpLogs('internal', [[SeverityNumber.INFO, 'internal cart loaded']]);

    const groups = await host.call('feeds.groups', { sessionId });
    const byType = Object.fromEntries(groups.map((g) => [g.type, g]));
    expect(byType.PaymentError).toMatchObject({ count: 5, control: 2 }); // also without the flag
    expect(byType.CouponError).toMatchObject({ count: 5, control: 0 }); // only where it is on
    expect(groups).toHaveLength(2); // other tenants' groups are not the session's

    const rate = await host.call('feeds.rate', { sessionId });
    // Control: 3 Sentry errors + 3 OTLP records (1 error) of other tenants.
    expect(rate.control.session).toMatchObject({ total: 6, errors: 4 });
    expect(rate.session).toMatchObject({ total: 11, errors: 10 });
    expect(rate.control.buckets.reduce((n, b) => n + b.total, 0)).toBe(6);

    // The checks say so: the coupon crash is the flag's, the payment error is everyone's.
    const { checks } = await host.call('decision.recommend', { sessionId });
    const newGroups = checks.find((c) => c.id === 'no-large-new-error-group')!;
    expect(newGroups.result).toBe('fail');
    expect(newGroups.detail).toContain('only where the flag is on: CouponError (5)');
    expect(newGroups.detail).toContain('1 larger one also without the flag: not counted');
    expect(newGroups.evidence.map((e) => e.label)).toEqual([
      expect.stringMatching(/^CouponError: /),
    ]);

    // Nothing of theirs but counts: no message, attribute, error text or tenant name.
    host.feeds.flush();
    const bytes = databaseBytes(host.dataDir).toString('latin1');
    for (const text of [
      'acme',
      'globex',
      'order 2002',
      'order 3003',
      'stock sync',
      'shipping quote',
      'private',
    ])
      expect(bytes).not.toContain(text);
  });

  it('counts a flood of distinct errors in a minute together past the cap, never keeping their text', async () => {
    const host = createTempHost();
    await host.call('sessions.create', { title: 'Flood', tenantId: 'internal' });
    const events = Array.from({ length: CONTROL_ERRORS_PER_MINUTE + 50 }, (_, i) => ({
      tenant: '',
      source: 'otlp',
      time: Date.now(),
      level: 'error' as const,
      message: `flood ${i}`,
      service: 'x',
      attributes: { 'tenant.id': 'acme-corp' },
      traceId: null,
      spanId: null,
      release: null,
      environment: null,
      error: { type: `Flood${i}Error`, value: `distinct ${i}`, stack: '' },
    }));
    host.feeds.ingest('otlp', events);
    host.feeds.flush();
    const counts = storedCounts(host.dataDir);
    expect(counts[CONTROL_OVERFLOW]).toBe(50);
    const groups = Object.keys(counts).filter((k) => k.startsWith('control:group:'));
    expect(groups.filter((k) => k !== CONTROL_OVERFLOW)).toHaveLength(CONTROL_ERRORS_PER_MINUTE);
    expect(databaseBytes(host.dataDir).toString('latin1')).not.toContain('Flood1Error');
    host.dispose();
  });
});
