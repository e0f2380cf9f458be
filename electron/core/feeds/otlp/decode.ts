import { z } from 'zod';
import type { AttributeValue, RawFeedEvent } from '../../../../shared/domain/feeds';
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
const LogRecord = z.object({
  timeUnixNano: Int64.optional(),
  observedTimeUnixNano: Int64.optional(),
  severityNumber: z.number().int().min(0).max(24).optional(),
  severityText: z.string().optional(),
  body: AnyValue.optional(),
  attributes: KeyValues,
  traceId: z.string().optional(),
  spanId: z.string().optional(),
});
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

const attrs = (list: z.infer<typeof KeyValues>): Record<string, AttributeValue> =>
  Object.fromEntries((list ?? []).map((kv) => [kv.key, flatValue(anyValue(kv.value))]));

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
  return new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`).test(value)
    ? /^0+$/.test(value)
      ? null
      : value.toLowerCase()
    : 'invalid';
}

const nanosToMs = (v: string | number | undefined): number | null => {
  if (v === undefined) return null;
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
    const service = String(resource['service.name'] ?? '');
    const release =
      resource['service.version'] !== undefined ? String(resource['service.version']) : null;
    const environment =
      String(resource['deployment.environment.name'] ?? resource['deployment.environment'] ?? '') ||
      null;
    for (const sl of rl.scopeLogs ?? []) {
      for (const candidate of sl.logRecords ?? []) {
        const record = LogRecord.safeParse(candidate);
        if (!record.success) {
          rejected++;
          reason = `logRecord ${record.error.issues[0]?.path.join('.')}: ${record.error.issues[0]?.message}`;
          continue;
        }
        const r = record.data;
        const traceId = id(r.traceId, 16, fromProtobuf);
        const spanId = id(r.spanId, 8, fromProtobuf);
        if (traceId === 'invalid' || spanId === 'invalid') {
          rejected++;
          reason = 'traceId must be 32 and spanId 16 hex characters';
          continue;
        }
        const attributes = { ...resource, ...attrs(r.attributes) };
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
