import type { AttributeValue, RedactionSettings } from '../../../../shared/domain/feeds';
import { groupKeyOf } from '../ingest/normalize';
import { controlCounts } from './control';
import { fit, LIMITS, TRUNCATED_ATTRIBUTE, type ClippedEvent } from './limits';
import { createRedactor, type Redactor } from './redact';
import { fromColumns, type PendingColumns } from './columns';
import { pushRow, type NewFeedEvent } from './repo';
import type { Count, FeedRows } from './writes';

/** An event of a watched tenant, clipped and dated, waiting for redaction and storage. */
export type PendingEvent = ClippedEvent & {
  tenant: string;
  source: string;
  receivedAt: number;
  /** The watching session's rules (one object for many events: a thread receives it once). */
  redaction: Partial<RedactionSettings>;
};

const minuteOf = (t: number) => Math.floor(t / 60_000);
const NO_SETTINGS: Partial<RedactionSettings> = {};

/**
 * Redaction and grouping of pending events, on whichever thread stores them (the writer thread,
 * or the host's own when there is none). Every stored text is redacted: message, service,
 * release, environment, trace and span ids, error type, value and stack, attribute names and
 * values, and the fingerprint before it becomes a group key. Then text is cut to its limit.
 */
export function createPreparer() {
  const redactors = new Map<string, Redactor>();
  const seen = new WeakMap<object, Redactor>();

  function redactorFor(settings: Partial<RedactionSettings>): Redactor {
    let r = seen.get(settings);
    if (r) return r;
    const key = JSON.stringify(settings);
    r = redactors.get(key);
    if (!r) {
      if (redactors.size >= 100) redactors.clear();
      redactors.set(key, (r = createRedactor(settings)));
    }
    seen.set(settings, r);
    return r;
  }

  /**
   * A batch from the queue ready to store: its events and their rows, and the counters to store
   * with them: those that came with the batch (the control group's errors grouped here, see
   * control.ts) and the redaction and truncation counters the events add.
   */
  return function prepare(
    columns: PendingColumns,
    batchCounts: readonly Count[] = [],
  ): {
    events: NewFeedEvent[];
    rows: FeedRows;
    counts: Count[];
  } {
    const pending = fromColumns(columns);
    const counts = new Map<string, Count>();
    const bump = (p: PendingEvent, kind: string, n: number) => {
      const minute = minuteOf(p.receivedAt);
      const key = `${p.tenant}\u0000${p.source}\u0000${minute}\u0000${kind}`;
      const c = counts.get(key);
      if (c) c.count += n;
      else counts.set(key, { tenant: p.tenant, source: p.source, minute, kind, count: n });
    };
    const events = pending.map((p) => {
      const r = redactorFor(p.redaction);
      const { raw } = p;
      const cut = new Set<string>(p.over.filter((f) => f === 'attributes'));
      const text = (field: string, value: string, limit: number) => {
        const redacted = r.text(value);
        const out = fit(redacted, limit);
        if (out !== redacted || p.over.includes(field)) cut.add(field);
        return out;
      };
      const textOrNull = (field: string, value: string | null) =>
        value === null ? null : text(field, value, LIMITS.short);
      const message = text('message', raw.message, LIMITS.message);
      const error = raw.error
        ? {
            type: text('error type', raw.error.type, LIMITS.errorType),
            value: text('error value', raw.error.value, LIMITS.errorValue),
            stack: text('stack', raw.error.stack, LIMITS.stack),
          }
        : null;
      const attributes = r.attributes(raw.attributes);
      for (const k in attributes) {
        const v = attributes[k]!;
        if (typeof v === 'string' && v.length > LIMITS.attributeValue)
          attributes[k] = fit(v, LIMITS.attributeValue) satisfies AttributeValue;
      }
      for (const f of p.over) if (f.startsWith('attribute')) cut.add(f);
      const fingerprint = raw.fingerprint?.map((part) => fit(r.text(part), LIMITS.short));
      const event: NewFeedEvent = {
        tenant: p.tenant,
        source: p.source,
        time: raw.time,
        receivedAt: p.receivedAt,
        level: raw.level,
        service: text('service', raw.service, LIMITS.short),
        message,
        attributes,
        traceId: textOrNull('trace id', raw.traceId),
        spanId: textOrNull('span id', raw.spanId),
        release: textOrNull('release', raw.release),
        environment: textOrNull('environment', raw.environment),
        error,
        groupKey: groupKeyOf(error, fingerprint, message),
      };
      if (cut.size > 0) {
        attributes[TRUNCATED_ATTRIBUTE] = [...cut].join(', ');
        bump(p, 'truncated', 1);
      }
      for (const [kind, n] of Object.entries(r.drain())) bump(p, `redacted:${kind}`, n ?? 0);
      return event;
    });
    // The control group's errors are grouped under the built-in rules (no session's own): an
    // error whose key a session's own patterns change is not matched, the safe side.
    const rows: FeedRows = [];
    for (const e of events) pushRow(rows, e);
    return {
      events,
      rows,
      counts: [...controlCounts(batchCounts, redactorFor(NO_SETTINGS)), ...counts.values()],
    };
  };
}
export type Prepare = ReturnType<typeof createPreparer>;

/**
 * Which stored events the live view gets: the last `limit` of each tenant in a batch (in order),
 * and how many of each tenant's were left out. The live view is thinned anyway, so only these
 * cross back from the writer thread: cloning every stored event back cost more than storing it.
 */
export function pickLive(
  tenants: readonly string[],
  limit: number,
): { indexes: number[]; thinned: Record<string, number> } {
  const seen = new Map<string, number>();
  const indexes: number[] = [];
  const thinned: Record<string, number> = {};
  for (let i = tenants.length - 1; i >= 0; i--) {
    const tenant = tenants[i]!;
    const n = (seen.get(tenant) ?? 0) + 1;
    seen.set(tenant, n);
    if (n <= limit) indexes.push(i);
    else thinned[tenant] = (thinned[tenant] ?? 0) + 1;
  }
  return { indexes: indexes.reverse(), thinned };
}
