import type { AttributeValue, RawFeedEvent } from '../../../../shared/domain/feeds';

/**
 * How much of an event is kept. Receivers accept bodies of several megabytes; no log line or
 * error needs more than this to be read and searched, and redaction's cost stays bounded.
 */
export const LIMITS = {
  message: 32_768,
  errorType: 512,
  errorValue: 8_192,
  stack: 32_768,
  /** service, release, environment, trace and span ids, each fingerprint part */
  short: 256,
  attributeValue: 4_096,
  attributeKey: 256,
  attributes: 200,
  fingerprintParts: 16,
} as const;

/**
 * Text is cut here before redaction and to its limit after: a secret that straddles the limit
 * is seen whole by redaction (and removed) before the cut, so no half of one is stored.
 */
const SLACK = 1_024;

/** The attribute naming what was cut short (a comma-separated list of fields). */
export const TRUNCATED_ATTRIBUTE = 'ensemble.truncated';
/** The attribute keeping an event's own time when it was replaced by the receive time. */
export const ORIGINAL_TIME_ATTRIBUTE = 'ensemble.time.original';
const TRUNCATED_MARK = ' …[truncated]';

/** The earliest event time taken as it is; anything older is a broken clock or a bad parse. */
const EARLIEST = Date.UTC(2000, 0, 1);
/** How far ahead of this host's clock an event may be dated (clock skew between machines). */
export const FUTURE_SKEW_MS = 5 * 60_000;

/** Whether an event time is believable; otherwise it is stored at the receive time, flagged. */
export const saneTime = (time: number, receivedAt: number) =>
  Number.isFinite(time) && time >= EARLIEST && time <= receivedAt + FUTURE_SKEW_MS;

/** Events as they wait for redaction: their text cut to the limit plus slack, and what was cut. */
export type ClippedEvent = { raw: RawFeedEvent; over: string[] };

/**
 * Cuts an event's text to its limit plus the slack, and its attributes to the limit in number;
 * records which fields were longer. Constant work per field (slices), so it runs on the thread
 * that receives.
 */
const fitsShort = (text: string | null) => text === null || text.length <= LIMITS.short;

export function clipEvent(raw: RawFeedEvent): ClippedEvent {
  const over: string[] = [];
  const cut = (field: string, text: string, limit: number) => {
    if (text.length <= limit) return text;
    over.push(field);
    return text.slice(0, limit + SLACK);
  };
  const cutOrNull = (field: string, text: string | null, limit: number) =>
    text === null ? null : cut(field, text, limit);
  let attributes = raw.attributes;
  let n = 0;
  let needsCopy = false;
  for (const k in attributes) {
    if (!Object.hasOwn(attributes, k)) continue;
    const v = attributes[k];
    if (++n > LIMITS.attributes || k.length > LIMITS.attributeKey) needsCopy = true;
    else if (typeof v === 'string' && v.length > LIMITS.attributeValue) needsCopy = true;
    if (needsCopy) break;
  }
  if (needsCopy) {
    const copy: Record<string, AttributeValue> = {};
    n = 0;
    for (const k in attributes) {
      if (!Object.hasOwn(attributes, k)) continue;
      if (++n > LIMITS.attributes) {
        over.push('attributes');
        break;
      }
      const v = attributes[k]!;
      const key = cut('attribute key', k, LIMITS.attributeKey);
      const value = typeof v === 'string' ? cut(`attribute ${key}`, v, LIMITS.attributeValue) : v;
      Object.defineProperty(copy, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    attributes = copy;
  }
  // Nearly every event fits: it is passed on as it is (no copy made).
  if (
    !needsCopy &&
    !raw.fingerprint &&
    raw.message.length <= LIMITS.message &&
    raw.service.length <= LIMITS.short &&
    fitsShort(raw.release) &&
    fitsShort(raw.environment) &&
    fitsShort(raw.traceId) &&
    fitsShort(raw.spanId) &&
    (!raw.error ||
      (raw.error.type.length <= LIMITS.errorType &&
        raw.error.value.length <= LIMITS.errorValue &&
        raw.error.stack.length <= LIMITS.stack))
  )
    return { raw, over };
  const fingerprint = raw.fingerprint
    ? raw.fingerprint
        .slice(0, LIMITS.fingerprintParts)
        .map((p) => cut('fingerprint', String(p), LIMITS.short))
    : raw.fingerprint;
  return {
    raw: {
      ...raw,
      message: cut('message', raw.message, LIMITS.message),
      service: cut('service', raw.service, LIMITS.short),
      release: cutOrNull('release', raw.release, LIMITS.short),
      environment: cutOrNull('environment', raw.environment, LIMITS.short),
      traceId: cutOrNull('trace id', raw.traceId, LIMITS.short),
      spanId: cutOrNull('span id', raw.spanId, LIMITS.short),
      error: raw.error
        ? {
            type: cut('error type', raw.error.type, LIMITS.errorType),
            value: cut('error value', raw.error.value, LIMITS.errorValue),
            stack: cut('stack', raw.error.stack, LIMITS.stack),
          }
        : null,
      attributes,
      fingerprint,
    },
    over,
  };
}

/**
 * Redacted text cut to its limit, marked; a redaction marker the cut would split goes whole.
 * Text within its limit is returned as it is.
 */
export function fit(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let end = limit;
  const open = text.lastIndexOf('[redacted:', end);
  if (open >= 0 && open > end - 40) {
    const close = text.indexOf(']', open);
    if (close < 0 || close >= end) end = open;
  }
  return text.slice(0, end) + TRUNCATED_MARK;
}
