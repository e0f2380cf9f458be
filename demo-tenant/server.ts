/**
 * The demo tenant: a small real shop (http://127.0.0.1:5199) whose "new checkout" flag is on
 * for the internal tenant only. It logs through the OpenTelemetry logs SDK and reports errors
 * through the Sentry SDK, both pointed at Ensemble's ingest server, and makes background
 * traffic for several tenants so the tenant filter has something to filter and the control
 * group (the tenants without the flag) has its own steady errors to compare with. Its flag is
 * readable over OFREP at the same address, for Ensemble's pre-flight.
 *
 *   npm run demo-tenant -- [--port 5199] [--ingest http://127.0.0.1:4318] [--rate 4]
 */
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import * as Sentry from '@sentry/node';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { checkout, flagOn, reserveStock, TENANTS, type Cart } from './shop';
import { MAX_BODY, ofrepAnswer } from './ofrep';
import { PAGE } from './page';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '5199' },
    ingest: { type: 'string', default: process.env.ENSEMBLE_INGEST ?? 'http://127.0.0.1:4318' },
    rate: { type: 'string', default: '4' },
  },
});
const ingest = values.ingest!.replace(/\/$/, '');
const RELEASE = 'shop@2026.11.3';

const logs = new LoggerProvider({
  resource: resourceFromAttributes({
    'service.name': 'shop-api',
    'service.version': RELEASE,
    'deployment.environment.name': 'production',
  }),
  processors: [
    new BatchLogRecordProcessor({
      exporter: new OTLPLogExporter({ url: `${ingest}/v1/logs` }),
      scheduledDelayMillis: 200,
    }),
  ],
});
const logger = logs.getLogger('shop');
Sentry.init({
  dsn: `${ingest.replace('://', '://demo@')}/1`,
  release: RELEASE,
  environment: 'production',
  defaultIntegrations: false,
  sendClientReports: false,
});

const log = (
  tenant: string,
  severity: SeverityNumber,
  text: string,
  attributes: Record<string, string | number> = {},
) =>
  logger.emit({
    severityNumber: severity,
    severityText: SeverityNumber[severity],
    body: text,
    attributes: { 'tenant.id': tenant, ...attributes },
  });

function handleCheckout(tenant: string, cart: Cart) {
  const newCheckout = flagOn(tenant);
  const started = Date.now();
  log(tenant, SeverityNumber.INFO, `checkout started with ${cart.items.length} items`, {
    'feature_flag.new-checkout': String(newCheckout),
    customer_email: `buyer-${Math.floor(Math.random() * 900 + 100)}@example.com`,
  });
  if (cart.coupon) {
    const ms = newCheckout ? 2400 + Math.floor(Math.random() * 800) : 120;
    log(
      tenant,
      ms > 2000 ? SeverityNumber.WARN : SeverityNumber.INFO,
      `coupon service answered in ${ms} ms`,
      { coupon: cart.coupon },
    );
  }
  try {
    reserveStock(cart, Math.random()); // every tenant's occasional timeout, flag or not
    const result = checkout(cart, newCheckout);
    log(tenant, SeverityNumber.INFO, `order placed, total ${result.total}`, {
      duration_ms: Date.now() - started,
    });
    return { status: 200, body: result };
  } catch (error) {
    const e = error as Error;
    log(tenant, SeverityNumber.ERROR, `checkout failed: ${e.message}`, {
      'exception.type': e.name,
      'exception.message': e.message,
      'exception.stacktrace': e.stack ?? '',
    });
    Sentry.withScope((scope) => {
      scope.setTag('tenant', tenant);
      scope.setTag('feature_flag.new-checkout', String(newCheckout));
      Sentry.captureException(e);
    });
    return { status: 500, body: { error: e.message } };
  }
}

const carts: Cart[] = [
  { items: [{ sku: 'mug', price: 12, qty: 2 }] },
  {
    items: [
      { sku: 'mug', price: 12, qty: 1 },
      { sku: 'tee', price: 25, qty: 1 },
    ],
    coupon: 'WELCOME10',
  },
  { items: [] },
  { items: [{ sku: 'poster', price: 9.5, qty: 3 }] },
];

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method === 'GET' && url.pathname === '/') {
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy':
        "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'",
    });
    return res.end(PAGE);
  }
  if (req.method === 'POST' && url.pathname === '/api/checkout') {
    let body = '';
    for await (const chunk of req) body += chunk;
    let cart: Cart;
    try {
      cart = JSON.parse(body || '{}') as Cart;
      if (!Array.isArray(cart.items)) throw new Error();
    } catch {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify({ error: 'Send {"items": [...]}' }));
    }
    const tenant = url.searchParams.get('tenant') ?? 'internal';
    const result = handleCheckout(tenant, cart);
    res.writeHead(result.status, { 'Content-Type': 'application/json' });
    return res.end(JSON.stringify(result.body));
  }
  const flag = /^\/ofrep\/v1\/evaluate\/flags\/([^/]+)$/.exec(url.pathname);
  if (req.method === 'POST' && flag) {
    // The shop's flag, for Ensemble's pre-flight (see ofrep.ts).
    let body = '';
    for await (const chunk of req) {
      body += chunk;
      if (body.length > MAX_BODY) {
        res.writeHead(413, { 'Content-Type': 'application/json' });
        return res.end(JSON.stringify({ errorDetails: 'Body too large' }));
      }
    }
    const answer = ofrepAnswer(decodeURIComponent(flag[1]!), body);
    res.writeHead(answer.status, { 'Content-Type': 'application/json' });
    return res.end(JSON.stringify(answer.body));
  }
  res.writeHead(404).end();
});

server.listen(Number(values.port), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`Demo tenant running at http://127.0.0.1:${port}/ (sending to ${ingest})`);
});

// Background traffic for every tenant; only the internal one has the new checkout.
const rate = Number(values.rate);
const traffic =
  rate > 0
    ? setInterval(() => {
        const tenant = TENANTS[Math.floor(Math.random() * TENANTS.length)]!;
        const cart = carts[Math.floor(Math.random() * carts.length)]!;
        handleCheckout(tenant, tenant === 'internal' || cart.items.length > 0 ? cart : carts[0]!);
      }, 1000 / rate)
    : null;

const stop = async () => {
  if (traffic) clearInterval(traffic);
  server.close();
  await Promise.allSettled([logs.shutdown(), Sentry.close(2000)]);
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
