import { z } from 'zod';
import type { AttributeValue, RawFeedEvent } from '../../../../../shared/domain/feeds';
import { flatValue, levelFromSeverity } from '../normalize';

/**
 * OTLP/JSON as the spec writes it: lowerCamelCase names, 64-bit integers as strings (numbers
 * accepted), enums as integers, trace and span ids as hex in JSON (base64 bytes from protobuf).
 * Unknown fields are ignored.
 */
// Nanosecond timestamps exceed 2^53: as JSON numbers they are integral but not "safe".
const Int64 = z.union([z.string().regex(/^-?\d+$/), z.number().finite()]);
type AnyValueT = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: AnyValueT[] };
  kvlistValue?: { values?: Array<{ key: string; value?: AnyValueT }> };
  bytesValue?: string;
};
const AnyValue: z.ZodType<AnyValueT> = z.lazy(() =>
  z.object({
    stringValue: z.string().optional(),
    boolValue: z.boolean().optional(),
    intValue: Int64.optional(),
    doubleValue: z.union([z.number(), z.string()]).transform(Number).optional(),
    arrayValue: z.object({ values: z.array(AnyValue).optional() }).optional(),
    kvlistValue: z
      .object({
        values: z.array(z.object({ key: z.string(), value: AnyValue.optional() })).optional(),
      })
      .optional(),
    bytesValue: z.string().optional(),
  }),
) as z.ZodType<AnyValueT>;
const KeyValues = z.array(z.object({ key: z.string(), value: AnyValue.optional() })).optional();
type LogRecordT = {
  timeUnixNano?: string | number;
  observedTimeUnixNano?: string | number;
  severityNumber?: number;
  severityText?: string;
  body?: AnyValueT;
  attributes?: Array<{ key: string; value?: AnyValueT }>;
  traceId?: string;
  spanId?: string;
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt64 = (v: unknown) =>
  v === undefined ||
  (typeof v === 'string' ? /^-?\d+$/.test(v) : typeof v === 'number' && Number.isFinite(v));

/**
 * One log record, checked by hand: this runs for every record of every request, where a schema
 * library cost more than everything else in the pipeline together.
 */
function readRecord(c: unknown): { record: LogRecordT } | { error: string } {
  if (!isObject(c)) return { error: 'logRecord: expected an object' };
  if (!isInt64(c.timeUnixNano))
    return { error: 'logRecord timeUnixNano: expected a 64-bit integer' };
  if (!isInt64(c.observedTimeUnixNano))
    return { error: 'logRecord observedTimeUnixNano: expected a 64-bit integer' };
  const sev = c.severityNumber;
  if (
    sev !== undefined &&
    (typeof sev !== 'number' || !Number.isInteger(sev) || sev < 0 || sev > 24)
  )
    return { error: 'logRecord severityNumber: expected an integer from 0 to 24' };
  if (c.severityText !== undefined && typeof c.severityText !== 'string')
    return { error: 'logRecord severityText: expected a string' };
  if (c.body !== undefined && !isObject(c.body))
    return { error: 'logRecord body: expected an AnyValue object' };
  if (
    c.attributes !== undefined &&
    (!Array.isArray(c.attributes) ||
      !c.attributes.every(
        (a) =>
          isObject(a) && typeof a.key === 'string' && (a.value === undefined || isObject(a.value)),
      ))
  ) {
    return { error: 'logRecord attributes: expected a list of {key, value}' };
  }
  if (c.traceId !== undefined && typeof c.traceId !== 'string')
    return { error: 'logRecord traceId: expected a string' };
  if (c.spanId !== undefined && typeof c.spanId !== 'string')
    return { error: 'logRecord spanId: expected a string' };
  return { record: c as LogRecordT };
}
const Request = z.object({
  resourceLogs: z
    .array(
      z.object({
        resource: z.object({ attributes: KeyValues }).optional(),
        scopeLogs: z.array(z.object({ logRecords: z.array(z.unknown()).optional() })).optional(),
      }),
    )
    .optional(),
});

export class OtlpFormatError extends Error {}

function anyValue(v: AnyValueT | undefined): unknown {
  if (!v) return '';
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(anyValue);
  if (v.kvlistValue)
    return Object.fromEntries(
      (v.kvlistValue.values ?? []).map((kv) => [kv.key, anyValue(kv.value)]),
    );
  if (v.bytesValue !== undefined) return v.bytesValue;
  return '';
}

/** Sets a key as Object.fromEntries would: "__proto__" too is an ordinary key here. */
function put(into: Record<string, AttributeValue>, key: string, value: AttributeValue) {
  if (key === '__proto__')
    Object.defineProperty(into, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  else into[key] = value;
}

/**
 * Adds a list of key/values to an object, later keys winning. Built key by key on a fresh object:
 * V8 adds keys to a spread copy ({ ...resource }) some twenty times slower.
 */
function addAttrs(
  into: Record<string, AttributeValue>,
  list: Array<{ key: string; value?: AnyValueT }> | undefined,
): Record<string, AttributeValue> {
  if (list) for (const kv of list) put(into, kv.key, flatValue(anyValue(kv.value)));
  return into;
}
const attrs = (list: Array<{ key: string; value?: AnyValueT }> | undefined) => addAttrs({}, list);

const TRACE_ID = /^[0-9a-fA-F]{32}$/;
const SPAN_ID = /^[0-9a-fA-F]{16}$/;

/** JSON ids are hex; ids decoded from protobuf arrive as base64. Empty means absent. */
function id(
  value: string | undefined,
  bytes: number,
  fromProtobuf: boolean,
): string | null | 'invalid' {
  if (!value) return null;
  if (fromProtobuf) {
    const hex = Buffer.from(value, 'base64').toString('hex');
    return hex.length === bytes * 2 ? (/^0+$/.test(hex) ? null : hex) : 'invalid';
  }
  return (bytes === 16
    ? TRACE_ID
    : bytes === 8
      ? SPAN_ID
      : new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`)
  ).test(value)
    ? /^0+$/.test(value)
      ? null
      : value.toLowerCase()
    : 'invalid';
}

/** Whole milliseconds of a nanosecond count (checked as an integer before), or null for none. */
const nanosToMs = (v: string | number | undefined): number | null => {
  if (v === undefined) return null;
  // Digits without a leading zero or sign (as exporters send them): dropping the last six is the
  // division, without a BigInt per record.
  if (typeof v === 'string' && v.length > 6 && v.length <= 21) {
    const first = v.charCodeAt(0);
    if (first >= 49 && first <= 57) return Number(v.slice(0, -6));
  }
  const n = typeof v === 'number' ? BigInt(Math.trunc(v)) : BigInt(v);
  return n > 0n ? Number(n / 1_000_000n) : null;
};

export type Decoded = { events: RawFeedEvent[]; rejected: number; reason: string };

/**
 * OTLP request (already parsed from JSON or decoded from protobuf) → raw feed events. A request
 * whose shape is wrong throws (400); single records that cannot be read are counted as rejected.
 */
export function decodeLogsRequest(body: unknown, now: number, fromProtobuf = false): Decoded {
  const parsed = Request.safeParse(body);
  if (!parsed.success) {
    throw new OtlpFormatError(
      `Not an OTLP logs request: ${parsed.error.issues[0]?.path.join('.') || 'body'} — ${parsed.error.issues[0]?.message}`,
    );
  }
  const events: RawFeedEvent[] = [];
  let rejected = 0;
  let reason = '';
  for (const rl of parsed.data.resourceLogs ?? []) {
    const resource = attrs(rl.resource?.attributes);
    const resourceKeys = Object.keys(resource);
    const service = String(resource['service.name'] ?? '');
    const release =
      resource['service.version'] !== undefined ? String(resource['service.version']) : null;
    const environment =
      String(resource['deployment.environment.name'] ?? resource['deployment.environment'] ?? '') ||
      null;
    for (const sl of rl.scopeLogs ?? []) {
      for (const candidate of sl.logRecords ?? []) {
        const read = readRecord(candidate);
        if ('error' in read) {
          rejected++;
          reason = read.error;
          continue;
        }
        const r = read.record;
        const traceId = id(r.traceId, 16, fromProtobuf);
        const spanId = id(r.spanId, 8, fromProtobuf);
        if (traceId === 'invalid' || spanId === 'invalid') {
          rejected++;
          reason = 'traceId must be 32 and spanId 16 hex characters';
          continue;
        }
        const attributes: Record<string, AttributeValue> = {};
        for (const key of resourceKeys) put(attributes, key, resource[key]!);
        addAttrs(attributes, r.attributes);
        const body = anyValue(r.body);
        const message = typeof body === 'string' ? body : JSON.stringify(body);
        const level = levelFromSeverity(r.severityNumber, r.severityText);
        const exceptionType = attributes['exception.type'];
        const exceptionMessage = attributes['exception.message'];
        const error =
          exceptionType !== undefined || exceptionMessage !== undefined
            ? {
                type: String(exceptionType ?? 'Error'),
                value: String(exceptionMessage ?? message),
                stack: String(attributes['exception.stacktrace'] ?? ''),
              }
            : level === 'error' || level === 'fatal'
              ? { type: r.severityText || 'Error', value: message, stack: '' }
              : null;
        events.push({
          tenant: '',
          source: 'otlp',
          time: nanosToMs(r.timeUnixNano) ?? nanosToMs(r.observedTimeUnixNano) ?? now,
          level,
          service,
          message: message.slice(0, 20_000),
          attributes,
          traceId,
          spanId,
          release,
          environment,
          error,
        });
      }
    }
  }
  return { events, rejected, reason };
}
