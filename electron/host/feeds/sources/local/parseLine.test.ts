import { describe, expect, it } from 'vitest';
import { parseLogLine } from './parseLine';

const NOW = Date.UTC(2026, 10, 21, 10, 0, 0);

describe('parseLogLine', () => {
  it('reads JSON lines with the common keys', () => {
    const e = parseLogLine(
      '{"time":"2026-11-21T09:59:00Z","level":"warn","msg":"slow coupon","service":"shop","tenant.id":"internal","ms":2400}',
      NOW,
      'command',
    )!;
    expect(e).toMatchObject({
      time: Date.UTC(2026, 10, 21, 9, 59),
      level: 'warn',
      message: 'slow coupon',
      service: 'shop',
      attributes: { 'tenant.id': 'internal', ms: 2400 },
    });
  });

  it('reads kubectl --timestamps prefixes and plain text levels', () => {
    const e = parseLogLine(
      '2026-11-21T09:58:30.250Z ERROR checkout failed for cart 7',
      NOW,
      'command',
    )!;
    expect(e).toMatchObject({
      time: Date.UTC(2026, 10, 21, 9, 58, 30, 250),
      level: 'error',
      message: 'ERROR checkout failed for cart 7',
      error: { type: 'Error' },
    });
    expect(parseLogLine('just a line', NOW, 'file')).toMatchObject({ level: 'info', time: NOW });
    expect(parseLogLine('   ', NOW, 'file')).toBeNull();
  });

  it('unwraps stern -o json, whose message is the container’s own JSON line', () => {
    const line = JSON.stringify({
      message: JSON.stringify({ level: 'error', msg: 'boom', 'tenant.id': 'internal' }),
      podName: 'shop-7f',
      containerName: 'api',
    });
    expect(parseLogLine(line, NOW, 'command')).toMatchObject({
      level: 'error',
      message: 'boom',
      attributes: { 'tenant.id': 'internal', podName: 'shop-7f', containerName: 'api' },
    });
  });

  it('takes epoch seconds, milliseconds and nanoseconds', () => {
    expect(parseLogLine('{"ts":1795300000,"msg":"s"}', NOW, 'x')!.time).toBe(1795300000000);
    expect(parseLogLine('{"ts":1795300000123,"msg":"ms"}', NOW, 'x')!.time).toBe(1795300000123);
    expect(parseLogLine('{"ts":1795300000123000000,"msg":"ns"}', NOW, 'x')!.time).toBeCloseTo(
      1795300000123,
      -1,
    );
  });

  it('reads logfmt lines, quoted values with escapes included', () => {
    const e = parseLogLine(
      'time=2026-11-21T09:59:00Z level=error msg="quoted \\"value\\" here" tenant=acme service=shop duration=12ms',
      NOW,
      'command',
    )!;
    expect(e).toMatchObject({
      time: Date.UTC(2026, 10, 21, 9, 59),
      level: 'error',
      message: 'quoted "value" here',
      service: 'shop',
      tenant: 'acme',
      attributes: { tenant: 'acme', duration: '12ms' },
    });
    // No message key: the whole line is the message.
    expect(parseLogLine('level=info path=/cart status=200', NOW, 'file')).toMatchObject({
      level: 'info',
      message: 'level=info path=/cart status=200',
      attributes: { path: '/cart', status: '200' },
    });
    // kubectl --timestamps before a logfmt line.
    expect(parseLogLine('2026-11-21T09:58:00Z level=warn msg=slow', NOW, 'command')).toMatchObject({
      time: Date.UTC(2026, 10, 21, 9, 58),
      level: 'warn',
      message: 'slow',
    });
  });

  it('finds the tenant a line names under the tenant key or an alias, in any case', () => {
    const tenant = (line: string, key?: string) => parseLogLine(line, NOW, 'file', key)!.tenant;
    expect(tenant('{"tenant.id":"internal"}')).toBe('internal');
    expect(tenant('{"tenant":"acme"}')).toBe('acme');
    expect(tenant('{"TenantId":"acme"}')).toBe('acme');
    expect(tenant('{"tenant_id":"acme"}')).toBe('acme');
    expect(tenant('{"org_id":42}')).toBe('42');
    expect(tenant('{"orgId":"acme"}')).toBe('acme');
    expect(tenant('{"Organization":"acme"}')).toBe('acme');
    expect(tenant('{"tenant":{"id":"acme"},"msg":"nested"}')).toBe('acme');
    expect(tenant('{"customer":{"tenant":"acme"}}', 'customer.tenant')).toBe('acme');
    expect(tenant('{"account":"acme"}', 'account')).toBe('acme');
    expect(tenant('level=info tenant=acme msg=hi')).toBe('acme');
    expect(tenant('2026-11-21T09:58:30Z ERROR tenant_id=acme checkout failed')).toBe('acme');
    expect(tenant(JSON.stringify({ message: '{"tenantId":"acme","msg":"x"}', pod: 'p' }))).toBe(
      'acme',
    );
    expect(tenant('{"msg":"no tenant here"}')).toBe('');
    expect(tenant('plain text without one')).toBe('');
    // Naming two different tenants matches neither.
    expect(tenant('{"tenant":"internal","org_id":"acme"}')).not.toMatch(/^(internal|acme)$/);
    expect(tenant('tenant=internal tenant=acme')).not.toMatch(/^(internal|acme)$/);
  });

  it('parses a hostile line in linear time', () => {
    // Unterminated quotes, escapes and '=' runs: each is read once.
    for (const line of [
      `a="${'\\"'.repeat(200_000)}`,
      '='.repeat(400_000),
      `k=${'x=y'.repeat(130_000)}`,
      `${'a '.repeat(200_000)}`,
      Array.from({ length: 50_000 }, (_, i) => `tenant=t${i}`).join(' '),
    ]) {
      const e = parseLogLine(line, NOW, 'file');
      expect(e).not.toBeNull();
      expect(e!.message.length).toBeLessThanOrEqual(20_000);
    }
  });
});
