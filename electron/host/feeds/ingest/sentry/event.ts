import type { AttributeValue, RawFeedEvent } from '../../../../../shared/domain/feeds';
import { flatValue, levelFromText } from '../normalize';
import { checkSentryEvent, SentryEventError } from './shape';
import { sentryService } from './service';

export { SentryEventError };

type Frame = {
  filename?: string;
  abs_path?: string;
  function?: string;
  module?: string;
  lineno?: number;
  colno?: number;
};
type Exception = {
  type?: string;
  value?: string | number | boolean | null;
  module?: string;
  stacktrace?: { frames?: Array<Frame | null> | null } | null;
};
type SentryEvent = {
  event_id?: string;
  timestamp?: number | string;
  level?: string;
  message?: string | { formatted?: string; message?: string };
  logentry?: { formatted?: string; message?: string };
  exception?: { values?: Array<Exception | null> | null } | Array<Exception | null> | null;
  tags?: Record<string, unknown> | Array<[string, unknown]>;
  fingerprint?: unknown[];
  release?: string;
  environment?: string;
  transaction?: string;
  server_name?: string;
  platform?: string;
  user?: Record<string, unknown>;
  contexts?: {
    trace?: { trace_id?: string; span_id?: string } | null;
    app?: { app_name?: unknown } | null;
  } | null;
};

const stackOf = (frames: Array<Frame | null> | null | undefined) =>
  (frames ?? [])
    .filter((f): f is Frame => f !== null)
    .reverse()
    .map(
      (f) =>
        `  at ${f.function ?? '?'} (${f.filename ?? f.abs_path ?? f.module ?? '?'}:${f.lineno ?? '?'}:${f.colno ?? '?'})`,
    )
    .join('\n');

function timestampMs(t: number | string | undefined, now: number): number {
  if (typeof t === 'number') return t > 1e12 ? t : t * 1000;
  if (typeof t === 'string') {
    const parsed = Date.parse(t);
    if (!Number.isNaN(parsed)) return parsed;
  }
  return now;
}

/** A Sentry event (store endpoint or envelope item) → a raw feed event. */
export function sentryEventToRaw(payload: unknown, now: number): RawFeedEvent {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    throw new SentryEventError('The event is not a JSON object');
  checkSentryEvent(payload as Record<string, unknown>);
  const e = payload as SentryEvent;
  const values = Array.isArray(e.exception) ? e.exception : (e.exception?.values ?? []);
  // The last exception is the one that was thrown; earlier ones are its causes. A value with no
  // type is the synthetic stack the SDK attaches to a captured message: not an error.
  const typed = values.filter((v): v is Exception => !!v?.type);
  const thrown = typed.length > 0 ? typed[typed.length - 1]! : null;
  const msg =
    typeof e.message === 'string'
      ? e.message
      : (e.message?.formatted ??
        e.message?.message ??
        e.logentry?.formatted ??
        e.logentry?.message ??
        '');
  const attributes: Record<string, AttributeValue> = {};
  const tags = Array.isArray(e.tags) ? Object.fromEntries(e.tags) : (e.tags ?? {});
  for (const [k, v] of Object.entries(tags)) attributes[`tag:${k}`] = flatValue(v);
  if (e.transaction) attributes.transaction = e.transaction;
  if (e.server_name) attributes['server.name'] = e.server_name;
  if (e.platform) attributes.platform = e.platform;
  if (e.event_id) attributes['sentry.event_id'] = e.event_id;
  for (const [k, v] of Object.entries(e.user ?? {})) attributes[`user.${k}`] = flatValue(v);
  const level =
    e.level === 'warning' ? 'warn' : levelFromText(e.level ?? (thrown ? 'error' : 'info'));
  const error = thrown
    ? {
        type: thrown.type ?? 'Error',
        value: thrown.value === undefined || thrown.value === null ? msg : String(thrown.value),
        stack: stackOf(thrown.stacktrace?.frames),
      }
    : level === 'error' || level === 'fatal'
      ? { type: 'Error', value: msg, stack: '' }
      : null;
  const traceId = e.contexts?.trace?.trace_id;
  const spanId = e.contexts?.trace?.span_id;
  return {
    tenant: '',
    source: 'sentry',
    time: timestampMs(e.timestamp, now),
    level,
    service: sentryService({ tags, appName: e.contexts?.app?.app_name, release: e.release }),
    message: (thrown ? `${thrown.type ?? 'Error'}: ${thrown.value ?? msg}` : msg).slice(0, 20_000),
    attributes,
    traceId:
      typeof traceId === 'string' && /^[0-9a-f]{32}$/i.test(traceId) ? traceId.toLowerCase() : null,
    spanId:
      typeof spanId === 'string' && /^[0-9a-f]{16}$/i.test(spanId) ? spanId.toLowerCase() : null,
    release: e.release ?? null,
    environment: e.environment ?? null,
    error,
    fingerprint: Array.isArray(e.fingerprint) ? e.fingerprint.map(String) : null,
  };
}
