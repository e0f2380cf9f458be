import { expect, test } from './fixtures';
import { openRun, prepareSession } from './runSetup';

type Record = { error?: [string, string]; body: string; severity: 'INFO' | 'ERROR' };

/** OTLP/HTTP JSON, as an OpenTelemetry exporter sends it: one tenant's log records. */
const otlp = (tenant: string, records: Record[]) =>
  JSON.stringify({
    resourceLogs: [
      {
        resource: {
          attributes: [
            { key: 'tenant.id', value: { stringValue: tenant } },
            { key: 'service.name', value: { stringValue: 'shop-api' } },
          ],
        },
        scopeLogs: [
          {
            logRecords: records.map((r) => ({
              timeUnixNano: `${Date.now()}000000`,
              severityNumber: r.severity === 'ERROR' ? 17 : 9,
              severityText: r.severity,
              body: { stringValue: r.body },
              attributes: r.error
                ? [
                    { key: 'exception.type', value: { stringValue: r.error[0] } },
                    { key: 'exception.message', value: { stringValue: r.error[1] } },
                  ]
                : [],
            })),
          },
        ],
      },
    ],
  });

test('the Run view compares the tenant with the flag against the tenants without it, in the same minutes', async ({
  page,
  request,
  host,
}) => {
  const { sessionId, call } = await prepareSession(request, host);
  await call('run.start', { sessionId });
  const send = async (tenant: string, records: Record[]) => {
    const res = await request.post(`${host.ingest}/v1/logs`, {
      headers: { 'Content-Type': 'application/json' },
      data: otlp(tenant, records),
    });
    expect(res.status()).toBe(200);
  };
  const declined = (order: number): Record => ({
    severity: 'ERROR',
    body: 'payment failed',
    error: ['PaymentError', `card declined for order ${order}`],
  });
  const info = (body: string): Record => ({ severity: 'INFO', body });
  // With the flag: a new coupon crash and the payment error everyone has today.
  await send('internal', [
    declined(1001),
    { severity: 'ERROR', body: 'coupon crashed', error: ['CouponError', 'NEWFLOW total is NaN'] },
    info('cart loaded'),
    info('cart loaded'),
  ]);
  // Without it: the payment error, and mostly good traffic.
  await send('acme-corp', [declined(2002), ...Array.from({ length: 9 }, () => info('ok'))]);

  await openRun(page, host, sessionId);
  const groups = page.getByRole('list', { name: 'Error groups' });
  const payment = groups.getByRole('listitem').filter({ hasText: 'PaymentError' });
  const coupon = groups.getByRole('listitem').filter({ hasText: 'CouponError' });
  await expect(payment).toContainText('also without the flag');
  await expect(coupon).toBeVisible();
  await expect(coupon).not.toContainText('also without the flag');

  const rate = page.getByRole('region', { name: 'Error rate' });
  await expect(rate.getByRole('button', { name: 'Without the flag' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(rate.getByRole('status')).toHaveText(
    'With the flag: 50.0 % errors · without: 10.0 % errors, same minutes',
  );
  await rate.getByRole('button', { name: 'Before the session' }).click();
  await expect(rate.getByRole('status')).toContainText('/min in the session');
  // None of the other tenant's text reached the page.
  await expect(page.getByText('order 2002')).toHaveCount(0);
});
