import type { AttributeValue, RawFeedEvent } from '../../../../../shared/domain/feeds';
import { flatValue, levelFromText } from '../../ingest/normalize';
import { logfmtPairs, looksLogfmt } from './logfmt';
import { NamedTenants } from './tenantNamed';

const LEADING_TIME =
  /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)\s+/;
const LEVEL_WORD = /\b(TRACE|DEBUG|INFO|NOTICE|WARN(?:ING)?|ERROR|ERR|FATAL|CRITICAL|PANIC)\b/;
/** Keys read into the event's own fields rather than its attributes. */
const USED = new Set([
  'message',
  'msg',
  'log',
  'text',
  'event',
  'level',
  'severity',
  'lvl',
  'levelname',
  'severity_text',
  'time',
  'timestamp',
  'ts',
  '@timestamp',
]);
const MESSAGE_KEYS = ['message', 'msg', 'log', 'text', 'event'];
const pick = (o: Record<string, unknown>, keys: string[]) => {
  for (const k of keys) if (o[k] !== undefined && o[k] !== null && o[k] !== '') return o[k];
  return undefined;
};

function timeOf(v: unknown, fallback: number): number {
  if (typeof v === 'number') return v > 1e14 ? v / 1e6 : v > 1e11 ? v : v * 1000; // ns, ms or s
  if (typeof v === 'string') {
    const t = Date.parse(v);
    if (!Number.isNaN(t)) return t;
  }
  return fallback;
}

function fromObject(
  o: Record<string, unknown>,
  now: number,
  source: string,
  tenants: NamedTenants,
): RawFeedEvent {
  tenants.fromObject(o);
  // stern -o json wraps the container's own line in "message"; it may be JSON itself.
  const message = pick(o, MESSAGE_KEYS);
  if (typeof message === 'string' && message.trim().startsWith('{')) {
    try {
      const inner = JSON.parse(message);
      if (inner && typeof inner === 'object' && !Array.isArray(inner)) {
        const merged = fromObject(inner as Record<string, unknown>, now, source, tenants);
        for (const [k, v] of Object.entries(o))
          if (k !== 'message' && merged.attributes[k] === undefined)
            merged.attributes[k] = flatValue(v);
        return merged;
      }
    } catch {
      // not JSON after all: keep it as text
    }
  }
  const levelValue = pick(o, ['level', 'severity', 'lvl', 'levelname', 'severity_text']);
  const level = levelFromText(
    typeof levelValue === 'number' ? String(levelValue) : (levelValue as string | undefined),
  );
  const attributes: Record<string, AttributeValue> = {};
  for (const [k, v] of Object.entries(o)) if (!USED.has(k)) attributes[k] = flatValue(v);
  const text =
    typeof message === 'string'
      ? message
      : message === undefined
        ? JSON.stringify(o)
        : JSON.stringify(message);
  const errType = pick(o, ['error.type', 'exception.type', 'error_type']);
  const errValue = pick(o, ['error', 'error.message', 'exception.message', 'err']);
  const error =
    errType !== undefined || level === 'error' || level === 'fatal'
      ? {
          type: String(errType ?? 'Error'),
          value: String(errValue ?? text),
          stack: String(pick(o, ['stack', 'stacktrace', 'exception.stacktrace']) ?? ''),
        }
      : null;
  return {
    tenant: '',
    source,
    time: timeOf(pick(o, ['time', 'timestamp', 'ts', '@timestamp']), now),
    level,
    service: String(
      pick(o, ['service', 'service.name', 'app', 'container', 'containerName']) ?? '',
    ),
    message: text.slice(0, 20_000),
    attributes,
    traceId:
      typeof o.trace_id === 'string'
        ? o.trace_id
        : typeof o.traceId === 'string'
          ? o.traceId
          : null,
    spanId:
      typeof o.span_id === 'string' ? o.span_id : typeof o.spanId === 'string' ? o.spanId : null,
    release: null,
    environment: null,
    error,
  };
}

/**
 * One line of a command's output or a log file: JSON (common keys), logfmt or plain text, after
 * an optional timestamp prefix (kubectl logs --timestamps). `tenant` is the tenant the line names
 * under `tenantKey` or an alias (see NamedTenants), '' when it names none.
 */
export function parseLogLine(
  line: string,
  now: number,
  source: string,
  tenantKey = 'tenant.id',
  /**
   * The tenant whose lines are wanted: a JSON line naming another one at its top level is
   * returned as soon as that is known, with only `tenant` (and `time` NaN) filled in — it is
   * dropped anyway, and most lines of a multi-tenant log are.
   */
  wanted?: string,
): RawFeedEvent | null {
  return parse(line, now, source, new NamedTenants(tenantKey), wanted);
}

const otherTenant = (tenant: string, source: string): RawFeedEvent => ({
  tenant,
  source,
  time: NaN,
  level: 'info',
  service: '',
  message: '',
  attributes: {},
  traceId: null,
  spanId: null,
  release: null,
  environment: null,
  error: null,
});

function parse(
  line: string,
  now: number,
  source: string,
  tenants: NamedTenants,
  wanted: string | undefined,
) {
  const trimmed = line.trim();
  if (!trimmed) return null;
  let rest = trimmed;
  let time = now;
  const stamped = LEADING_TIME.exec(rest); // kubectl logs --timestamps
  if (stamped) {
    time = timeOf(stamped[1]!.replace(',', '.'), now);
    rest = rest.slice(stamped[0].length);
  }
  if (rest.startsWith('{')) {
    try {
      const o = JSON.parse(rest);
      if (o && typeof o === 'object' && !Array.isArray(o)) {
        if (wanted !== undefined) {
          tenants.fromObject(o as Record<string, unknown>);
          const named = tenants.result();
          if (named && named !== wanted) return otherTenant(named, source);
        }
        const e = fromObject(o as Record<string, unknown>, time, source, tenants);
        e.tenant = tenants.result();
        return e;
      }
    } catch {
      // plain text that starts with a brace
    }
  }
  // key=value pairs name a tenant in logfmt lines and in plain text ("ERROR tenant=acme …").
  const pairs = logfmtPairs(rest);
  tenants.fromPairs(pairs);
  if (looksLogfmt(rest)) {
    const o = Object.fromEntries(pairs);
    const e = fromObject(o, time, source, tenants);
    if (pick(o, MESSAGE_KEYS) === undefined) e.message = rest.slice(0, 20_000);
    e.tenant = tenants.result();
    return e;
  }
  const levelWord = LEVEL_WORD.exec(rest.slice(0, 80))?.[1];
  const level = levelFromText(levelWord ?? 'info');
  return {
    tenant: tenants.result(),
    source,
    time,
    level,
    service: '',
    message: rest.slice(0, 20_000),
    attributes: {},
    traceId: null,
    spanId: null,
    release: null,
    environment: null,
    error:
      level === 'error' || level === 'fatal'
        ? { type: 'Error', value: rest.slice(0, 2000), stack: '' }
        : null,
  };
}
