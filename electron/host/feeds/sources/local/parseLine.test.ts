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
});
