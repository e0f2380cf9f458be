import { describe, expect, it } from 'vitest';
import { parseLogLine } from './parseLine';
import { NamedTenants, quickVerdict, tenantKeysKept } from './tenantNamed';

const NOW = 1_763_719_200_000;
const LINES = [
  '{"time":"2026-11-21T09:58:00Z","msg":"paid","tenant":"acme"}',
  '{"msg":"paid","tenant":"internal"}',
  '{"msg":"paid","TenantId":"globex"}',
  '{"msg":"paid","tenant":{"id":"acme"}}',
  '{"msg":"paid","tenant":{"id":"internal"}}',
  '{"msg":"paid","tenant":""}',
  '{"msg":"paid","tenant":"  "}',
  '{"msg":"paid","tenant":null}',
  '{"msg":"paid","org_id":42}',
  '{"msg":"paid"}',
  '{"msg":"tenant lookup failed"}',
  '{"msg":"copied \\"tenant\\":\\"acme\\" from the request"}',
  '{"message":"{\\"tenant\\":\\"internal\\",\\"msg\\":\\"inner\\"}","pod":"shop-1"}',
  '{"message":"{\\"tenant\\":\\"acme\\",\\"msg\\":\\"inner\\"}","pod":"shop-1"}',
  'time=2026-11-21T09:58:00Z level=error msg="boom" tenant=acme',
  'time=2026-11-21T09:58:00Z level=error msg="boom" tenant=internal',
  'level=info tenant="" msg=x',
  'ERROR tenant=globex payment failed',
  '2026-11-21T09:58:00.123Z {"msg":"kubectl --timestamps","tenant":"acme"}',
  'plain text without a key',
  '   ',
  '{"msg":"two","tenant":"acme","tenant_id":"internal"}',
  '{"msg":"escaped","tenant":"intern\\u0061l"}',
];

describe('quickVerdict', () => {
  it('never drops a line the full parse would keep, and says "none" only when the parse finds none', () => {
    for (const line of LINES) {
      const verdict = quickVerdict(line, 'tenant.id', 'internal');
      const parsed = parseLogLine(line, NOW, 'command', 'tenant.id', 'internal');
      if (verdict === null) continue;
      // The one deliberate difference: an escaped spelling of the tenant is dropped (safe side).
      if (line.includes('\\u0061')) {
        expect(parsed?.tenant).toBe('internal');
        continue;
      }
      expect(parsed?.tenant, line).not.toBe('internal');
      if (verdict === 'none') expect(parsed?.tenant, line).toBe('');
    }
  });

  it('decides the common lines of a multi-tenant log without parsing them', () => {
    const v = (line: string, key = 'tenant.id') => quickVerdict(line, key, 'internal');
    expect(v('{"time":"2026-11-21T09:58:00Z","msg":"paid","tenant":"acme"}')).toBe('other');
    expect(v('level=error msg=boom tenant=acme')).toBe('other');
    expect(v('{"msg":"paid"}')).toBe('none');
    expect(v('{"msg":"paid","customer":{"code":"acme"}}', 'customer.code')).toBe(null);
    expect(v('{"msg":"paid","tenant":"internal"}')).toBe(null);
    expect(v('{"msg":"paid","tenant":{"id":"acme"}}')).toBe(null);
    expect(v('   ')).toBe(null);
  });
});

describe('tenant keys', () => {
  it('are remembered for a bounded number of keys, however many sessions chose one', () => {
    // Each session may name its own tenant key; a host running for months meets many.
    for (let i = 0; i < 5000; i++) {
      const key = `tenant${i}.id`;
      expect(quickVerdict(`{"msg":"paid","tenant${i}":{"id":"acme"}}`, key, 'internal')).toBe(null);
      new NamedTenants(key);
    }
    expect(tenantKeysKept()).toBeLessThanOrEqual(64);
    // A key forgotten is made again, and answers the same.
    expect(quickVerdict('{"msg":"paid","tenant":"acme"}', 'tenant0.id', 'internal')).toBe('other');
  });
});
