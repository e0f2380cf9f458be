import {
  LEVELS,
  type AttributeValue,
  type Level,
  type RedactionSettings,
} from '../../../../shared/domain/feeds';
import type { ClippedEvent } from './limits';
import type { PendingEvent } from './prepare';

/**
 * Pending events as they wait for storage and travel to the writer thread: a column per field,
 * the attributes as keys and values one after another. Built as each event is taken, while it is
 * still fresh in the processor's cache: copying this to a thread costs a tenth of copying the
 * events as objects (structured clone copies an array of strings in one go, and each object field
 * by field), and no object per pending event is made on the host thread at all.
 * No module import but types and LEVELS: the writer thread bundles this file.
 */
export type PendingColumns = {
  length: number;
  tenant: string[];
  source: string[];
  receivedAt: number[];
  /** The distinct redaction settings of the batch, and which one each event has. */
  redactions: Array<Partial<RedactionSettings>>;
  redaction: number[];
  rawTenant: string[];
  rawSource: string[];
  time: number[];
  level: number[];
  service: string[];
  message: string[];
  traceId: Array<string | null>;
  spanId: Array<string | null>;
  release: Array<string | null>;
  environment: Array<string | null>;
  /** Error type, value and stack: three entries per event, null for an event without error. */
  error: Array<string | null>;
  fingerprint: Array<string[] | null>;
  /** What clipping cut, null for nothing. */
  over: Array<string[] | null>;
  attributeCount: number[];
  attributeKeys: string[];
  attributeValues: AttributeValue[];
};

/** Columns of one value per event (the others: error, three per event; the attributes). */
const PER_EVENT = [
  'tenant',
  'source',
  'receivedAt',
  'redaction',
  'rawTenant',
  'rawSource',
  'time',
  'level',
  'service',
  'message',
  'traceId',
  'spanId',
  'release',
  'environment',
  'fingerprint',
  'over',
  'attributeCount',
] as const;

export const noColumns = (): PendingColumns => ({
  length: 0,
  tenant: [],
  source: [],
  receivedAt: [],
  redactions: [],
  redaction: [],
  rawTenant: [],
  rawSource: [],
  time: [],
  level: [],
  service: [],
  message: [],
  traceId: [],
  spanId: [],
  release: [],
  environment: [],
  error: [],
  fingerprint: [],
  over: [],
  attributeCount: [],
  attributeKeys: [],
  attributeValues: [],
});

const LEVEL_INDEX = new Map<string, number>(LEVELS.map((l, i) => [l, i]));

/** Adds one event (clipped, of a watched tenant) to the end. */
export function appendEvent(
  c: PendingColumns,
  { raw, over }: ClippedEvent,
  tenant: string,
  source: string,
  receivedAt: number,
  redaction: Partial<RedactionSettings>,
): void {
  // The settings come from a watch list renewed twice a second: the newest is nearly always last.
  let s = c.redactions.length - 1;
  while (s >= 0 && c.redactions[s] !== redaction) s--;
  if (s < 0) s = c.redactions.push(redaction) - 1;
  c.length++;
  c.tenant.push(tenant);
  c.source.push(source);
  c.receivedAt.push(receivedAt);
  c.redaction.push(s);
  c.rawTenant.push(raw.tenant);
  c.rawSource.push(raw.source);
  c.time.push(raw.time);
  c.level.push(LEVEL_INDEX.get(raw.level) ?? 2);
  c.service.push(raw.service);
  c.message.push(raw.message);
  c.traceId.push(raw.traceId);
  c.spanId.push(raw.spanId);
  c.release.push(raw.release);
  c.environment.push(raw.environment);
  if (raw.error) c.error.push(raw.error.type, raw.error.value, raw.error.stack);
  else c.error.push(null, null, null);
  c.fingerprint.push(raw.fingerprint ?? null);
  c.over.push(over.length > 0 ? over : null);
  let count = 0;
  const attributes = raw.attributes;
  for (const k in attributes) {
    if (!Object.hasOwn(attributes, k)) continue;
    c.attributeKeys.push(k);
    c.attributeValues.push(attributes[k]!);
    count++;
  }
  c.attributeCount.push(count);
}

/** (A loop, not push(...slice): a batch can have more values than a call has room for arguments.) */
function copy(from: readonly unknown[], to: readonly unknown[], start: number, end: number) {
  const out = to as unknown[];
  for (let i = start; i < end; i++) out.push(from[i]);
}

/** The events in [from, to) of each range, in order, as columns of their own. */
export function pickColumns(c: PendingColumns, ranges: ReadonlyArray<[number, number]>) {
  const out = noColumns();
  out.redactions = c.redactions;
  let a = 0;
  let at = 0;
  for (const [from, to] of ranges) {
    for (; at < from; at++) a += c.attributeCount[at]!;
    const firstAttribute = a;
    for (; at < to; at++) a += c.attributeCount[at]!;
    for (const name of PER_EVENT) copy(c[name], out[name], from, to);
    copy(c.error, out.error, from * 3, to * 3);
    copy(c.attributeKeys, out.attributeKeys, firstAttribute, a);
    copy(c.attributeValues, out.attributeValues, firstAttribute, a);
    out.length += to - from;
  }
  return out;
}

/** The events as objects, in the form redaction takes (for tests: the queue never makes these). */
export function toColumns(pending: readonly PendingEvent[]): PendingColumns {
  const c = noColumns();
  for (const p of pending) appendEvent(c, p, p.tenant, p.source, p.receivedAt, p.redaction);
  return c;
}

/** The events as objects again, for redaction (an attribute named __proto__ stays data). */
export function fromColumns(c: PendingColumns): PendingEvent[] {
  const out: PendingEvent[] = new Array(c.length);
  let a = 0;
  for (let i = 0; i < c.length; i++) {
    const attributes: Record<string, AttributeValue> = {};
    for (const end = a + c.attributeCount[i]!; a < end; a++) {
      const k = c.attributeKeys[a]!;
      const v = c.attributeValues[a]!;
      if (k === '__proto__')
        Object.defineProperty(attributes, k, {
          value: v,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else attributes[k] = v;
    }
    const type = c.error[i * 3];
    const fingerprint = c.fingerprint[i];
    out[i] = {
      raw: {
        tenant: c.rawTenant[i]!,
        source: c.rawSource[i]!,
        time: c.time[i]!,
        level: LEVELS[c.level[i]!] as Level,
        service: c.service[i]!,
        message: c.message[i]!,
        attributes,
        traceId: c.traceId[i]!,
        spanId: c.spanId[i]!,
        release: c.release[i]!,
        environment: c.environment[i]!,
        error:
          type === null || type === undefined
            ? null
            : { type, value: c.error[i * 3 + 1]!, stack: c.error[i * 3 + 2]! },
        fingerprint,
      },
      over: c.over[i] ?? [],
      tenant: c.tenant[i]!,
      source: c.source[i]!,
      receivedAt: c.receivedAt[i]!,
      redaction: c.redactions[c.redaction[i]!]!,
    };
  }
  return out;
}
