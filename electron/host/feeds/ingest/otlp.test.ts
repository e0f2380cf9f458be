import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter as JsonExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempHost } from '../../../../test-support/tempHost';
import { startIngestServer, type IngestServer } from './ingestServer';
import {
  databaseBytes,
  SECRET_CORPUS,
  storedCounts,
  storedEvents,
} from '../../../../test-support/feedEvents';

let host: ReturnType<typeof createTempHost>;
let ingest: IngestServer;
beforeEach(async () => {
  host = createTempHost();
  await host.call('sessions.create', { title: 'Checkout', tenantId: 'internal' });
  ingest = await startIngestServer({ pipeline: host.feeds, hostname: '127.0.0.1', port: 0 });
});
afterEach(async () => {
  await ingest.close();
  host.dispose();
});

function provider(exporter: JsonExporter | ProtoExporter, tenant: string) {
  return new LoggerProvider({
    resource: resourceFromAttributes({
      'service.name': 'shop-api',
      'service.version': '2026.11.3',
      'deployment.environment.name': 'production',
      'tenant.id': tenant,
    }),
    processors: [new BatchLogRecordProcessor({ exporter, scheduledDelayMillis: 50 })],
  });
}

async function sendMixed(makeExporter: () => JsonExporter | ProtoExporter) {
  const internal = provider(makeExporter(), 'internal');
  const acme = provider(makeExporter(), 'acme-corp');
  const log = internal.getLogger('checkout');
  log.emit({
    severityNumber: SeverityNumber.INFO,
    severityText: 'INFO',
    body: 'cart loaded in 120 ms',
    attributes: { 'http.route': '/cart' },
  });
  log.emit({
    severityNumber: SeverityNumber.ERROR,
    severityText: 'ERROR',
    body: 'payment failed for ana.silva@example.com',
    attributes: {
      'exception.type': 'PaymentError',
      'exception.message': 'card 4111 1111 1111 1111 declined',
      'exception.stacktrace': 'PaymentError\n  at pay (pay.ts:12)',
      'user.password': 'hunter2',
    },
  });
  for (const [text] of SECRET_CORPUS) log.emit({ severityNumber: SeverityNumber.WARN, body: text });
  for (let i = 0; i < 25; i++)
    acme
      .getLogger('checkout')
      .emit({ severityNumber: SeverityNumber.INFO, body: `customer order ${i}` });
  await Promise.all([internal.forceFlush(), acme.forceFlush()]);
  await Promise.all([internal.shutdown(), acme.shutdown()]);
  host.feeds.flush();
}

describe('OTLP/HTTP logs receiver with the real OpenTelemetry exporters', () => {
  for (const [name, make] of [
    ['JSON', () => new JsonExporter({ url: `http://127.0.0.1:${ingest.port}/v1/logs` })],
    ['protobuf', () => new ProtoExporter({ url: `http://127.0.0.1:${ingest.port}/v1/logs` })],
  ] as const) {
    it(`stores only the internal tenant's events, redacted (${name})`, async () => {
      await sendMixed(make);
      const rows = storedEvents(host.dataDir);
      expect(rows).toHaveLength(2 + SECRET_CORPUS.length);
      expect(new Set(rows.map((r) => r.tenant))).toEqual(new Set(['internal']));
      expect(rows.some((r) => String(r.message).includes('customer order'))).toBe(false);
      expect(storedCounts(host.dataDir)['dropped-other-tenant']).toBe(25);
      const error = rows.find((r) => r.error_type === 'PaymentError')!;
      expect(error).toMatchObject({
        service: 'shop-api',
        release: '2026.11.3',
        environment: 'production',
        level: 4,
      });
      expect(error.message).toBe('payment failed for [redacted:email]');
      expect(error.error_value).toBe('card [redacted:card] declined');
      expect(JSON.parse(String(error.attributes))['user.password']).toBe('[redacted:secret]');
      expect(error.group_key).toBe('PaymentError: card <redacted> declined');
      // Not one secret anywhere in the database files.
      const disk = databaseBytes(host.dataDir).toString('latin1');
      for (const [, secret] of [...SECRET_CORPUS, ['', 'hunter2'], ['', 'ana.silva@example.com']])
        expect(disk).not.toContain(secret);
    });
  }
});
