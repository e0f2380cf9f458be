import { describe, expect, it } from 'vitest';
import { decodeLogsRequest } from './decode';

const kv = (key: string, value: string) => ({ key, value: { stringValue: value } });
const decode = (record: Record<string, unknown>, resource = [kv('service.name', 'shop-api')]) =>
  decodeLogsRequest(
    {
      resourceLogs: [{ resource: { attributes: resource }, scopeLogs: [{ logRecords: [record] }] }],
    },
    42,
  ).events[0]!;

describe('OTLP log records', () => {
  it.each([
    ['1763719200123456789', 1763719200123],
    [1763719200000000000, 1763719200000],
    ['999999', 0],
    ['0', 42],
    ['-5000000', 42],
    ['00001763719200123456789', 1763719200123],
  ])('takes whole milliseconds of timeUnixNano %j', (nanos, ms) => {
    expect(decode({ timeUnixNano: nanos, body: { stringValue: 'x' } }).time).toBe(ms);
  });

  it('merges resource and record attributes, the record’s winning, any key an ordinary key', () => {
    const e = decode(
      {
        body: { stringValue: 'x' },
        attributes: [kv('service.name', 'override'), kv('__proto__', 'p'), kv('a', '1')],
      },
      [kv('service.name', 'shop-api'), kv('region', 'eu')],
    );
    expect(Object.getPrototypeOf(e.attributes)).toBe(Object.prototype);
    expect(Object.keys(e.attributes)).toEqual(['service.name', 'region', '__proto__', 'a']);
    expect(e.attributes['__proto__']).toBe('p');
    expect(e.attributes['service.name']).toBe('override');
    expect(e.service).toBe('shop-api');
  });
});
