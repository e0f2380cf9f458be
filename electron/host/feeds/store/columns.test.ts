import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import type { RawFeedEvent } from '../../../../shared/domain/feeds';
import { fromColumns, pickColumns, toColumns } from './columns';
import type { PendingEvent } from './prepare';

const strict = { redactIps: true, extraKeys: ['pin'] };
const loose = { redactIps: false };

function pending(i: number, extra: Partial<RawFeedEvent> = {}): PendingEvent {
  return {
    raw: {
      tenant: '',
      source: 'otlp',
      time: 1_700_000_000_000 + i,
      level: i % 2 ? 'error' : 'debug',
      service: `svc-${i}`,
      message: `message ${i}`,
      attributes: { n: i, ok: i % 2 === 0, name: `a${i}` },
      traceId: i % 3 ? `trace${i}` : null,
      spanId: null,
      release: i === 1 ? '1.2.3' : null,
      environment: i === 2 ? 'prod' : null,
      error: i % 2 ? { type: 'TypeError', value: `bad ${i}`, stack: 'at x' } : null,
      ...extra,
    },
    over: i === 3 ? ['message'] : [],
    tenant: 'internal',
    source: 'otlp',
    receivedAt: 1_700_000_100_000 + i,
    redaction: i % 2 ? strict : loose,
  };
}

/** What the writer thread gets: the columns after a structured clone. */
const overThread = <T>(value: T): T => deserialize(serialize(value)) as T;

describe('pending events as columns', () => {
  it('arrive on the writer thread as the events they were, field for field', () => {
    const events = [0, 1, 2, 3, 4].map((i) => pending(i));
    events[4]!.raw.fingerprint = ['{{ default }}', 'checkout'];
    events[4]!.raw.attributes = {};
    const back = fromColumns(overThread(toColumns(events)));
    expect(back).toEqual(
      events.map((e) => ({ ...e, raw: { ...e.raw, fingerprint: e.raw.fingerprint ?? null } })),
    );
    // Each event keeps its own redaction rules (sent once per batch, not once per event).
    expect(back.map((e) => e.redaction.redactIps)).toEqual([false, true, false, true, false]);
  });

  it('keep an attribute named __proto__ as data, never as the prototype', () => {
    const attributes = JSON.parse('{"__proto__": "x", "polluted": true}') as Record<string, string>;
    const [back] = fromColumns(overThread(toColumns([pending(0, { attributes })])));
    expect(Object.getPrototypeOf(back!.raw.attributes)).toBe(Object.prototype);
    expect(Object.keys(back!.raw.attributes)).toEqual(['__proto__', 'polluted']);
    expect(Object.getOwnPropertyDescriptor(back!.raw.attributes, '__proto__')?.value).toBe('x');
  });

  it('can be cut into ranges (a failed batch keeps only the events nobody waits for)', () => {
    const events = [0, 1, 2, 3, 4, 5].map((i) => pending(i));
    const columns = toColumns(events);
    const picked = fromColumns(
      pickColumns(columns, [
        [1, 2],
        [3, 5],
      ]),
    );
    expect(picked.map((e) => e.raw.message)).toEqual(['message 1', 'message 3', 'message 4']);
    expect(picked.map((e) => e.raw.attributes.n)).toEqual([1, 3, 4]);
    expect(picked.map((e) => e.raw.error?.value ?? null)).toEqual(['bad 1', 'bad 3', null]);
    expect(picked[1]!.over).toEqual(['message']);
    expect(fromColumns(pickColumns(columns, []))).toEqual([]);
  });
});
