import type { AttributeValue, RawFeedEvent } from '../../../../../shared/domain/feeds';
import { flatValue, levelFromText } from '../normalize';
import { SentryEventError } from './shape';
import { sentryService } from './service';

/**
 * A Sentry `log` envelope item (content type application/vnd.sentry.items.log+json), as current
 * SDKs send `Sentry.logger.*`: `{items: [{timestamp, level, body, trace_id?, severity_number?,
 * attributes?: {name: {value, type}}}]}`, timestamps in seconds. Every log is read before any
 * is stored: one of the wrong shape refuses the envelope (400), as for events.
 */
type SentryLog = {
  timestamp?: number;
  level?: string;
  body?: string;
  trace_id?: string;
  attributes?: Record<string, { value?: unknown } | null>;
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function check(log: unknown, path: string): SentryLog {
  if (!isObject(log)) throw new SentryEventError(`${path}: expected an object`);
  const kinds: Array<[string, string]> = [
    ['timestamp', 'number'],
    ['level', 'string'],
    ['body', 'string'],
    ['trace_id', 'string'],
    ['severity_number', 'number'],
  ];
  for (const [key, kind] of kinds)
    if (log[key] !== undefined && log[key] !== null && typeof log[key] !== kind)
      throw new SentryEventError(`${path}.${key}: expected ${kind}`);
  if (log.attributes !== undefined && log.attributes !== null) {
    if (!isObject(log.attributes))
      throw new SentryEventError(`${path}.attributes: expected object`);
    for (const [name, attr] of Object.entries(log.attributes))
      if (attr !== null && !isObject(attr))
        throw new SentryEventError(`${path}.attributes.${name}: expected {value, type}`);
  }
  return log as SentryLog;
}

/** The logs of one `log` item → raw feed events (the tenant filter reads `tag:<tenant tag>`). */
export function sentryLogsToRaw(payload: unknown, now: number): RawFeedEvent[] {
  if (!isObject(payload) || !Array.isArray(payload.items))
    throw new SentryEventError('A log item: expected {"items": [...]}');
  return payload.items.map((item, i) => {
    const log = check(item, `A log item's items[${i}]`);
    const attributes: Record<string, AttributeValue> = {};
    let release: string | null = null;
    let environment: string | null = null;
    let spanId: string | null = null;
    for (const [name, attr] of Object.entries(log.attributes ?? {})) {
      const value = flatValue(attr?.value);
      if (name === 'sentry.release') release = String(value);
      else if (name === 'sentry.environment') environment = String(value);
      else if (name === 'sentry.trace.parent_span_id') spanId = String(value);
      // Log attributes are what Sentry searches logs by (`tenant:internal`): kept like tags.
      attributes[name.startsWith('sentry.') ? name : `tag:${name}`] = value;
    }
    const level = levelFromText(log.level ?? 'info');
    const message = (log.body ?? '').slice(0, 20_000);
    const traceId = log.trace_id;
    return {
      tenant: '',
      source: 'sentry',
      time:
        typeof log.timestamp === 'number' && Number.isFinite(log.timestamp)
          ? log.timestamp * 1000
          : now,
      level,
      // `server.address` is the SDK's server_name (the machine): kept as an attribute only.
      service: sentryService({
        tags: {
          service: attributes['tag:service'],
          'service.name': attributes['tag:service.name'],
        },
        release,
      }),
      message,
      attributes,
      traceId:
        typeof traceId === 'string' && /^[0-9a-f]{32}$/i.test(traceId)
          ? traceId.toLowerCase()
          : null,
      spanId: spanId && /^[0-9a-f]{16}$/i.test(spanId) ? spanId.toLowerCase() : null,
      release,
      environment,
      error:
        level === 'error' || level === 'fatal'
          ? { type: 'Error', value: message, stack: '' }
          : null,
      fingerprint: null,
    };
  });
}
