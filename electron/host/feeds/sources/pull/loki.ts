import { createHash } from 'node:crypto';
import { parseLogLine } from '../local/parseLine';
import { levelFromText } from '../../ingest/normalize';
import { asObject, fetchJson, PullError, type Fetcher, type Pulled } from './http';

export type LokiConfig = { url: string; query: string; orgId: string };
export type LokiCredentials = { username: string; password: string };

const PAGE_LIMIT = 1000;
const MAX_PAGES = 50;
/** Loki's default max_entries_limit_per_query. */
const MAX_LIMIT = 5000;
const ns = (ms: number) => (BigInt(Math.floor(ms)) * 1_000_000n).toString();

/**
 * A query is scoped to the tenant when its stream selector matches a tenant label exactly, e.g.
 * {app="shop", tenant="internal"} or {tenant_id="internal"}: Ensemble asks Loki for the
 * tenant's lines only. A label that merely has the same value ({namespace="internal"}) is not
 * a tenant scope.
 */
export function lokiQueryScoped(query: string, tenant: string): boolean {
  const selector = /^\s*\{([^}]*)\}/.exec(query)?.[1] ?? '';
  return selector.split(',').some((m) => {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*"(.*)"\s*$/.exec(m);
    return !!match && /tenant/i.test(match[1]!) && match[2] === tenant;
  });
}

/** One line of a stream → a raw event: the line parsed as JSON or text, the labels as attributes. */
export function lokiEntryToRaw(
  labels: Record<string, string>,
  ts: string,
  line: string,
  metadata: Record<string, unknown> = {},
): Pulled | null {
  if (!/^\d{1,25}$/.test(ts)) return null;
  const time = Number(BigInt(ts) / 1_000_000n);
  const event = parseLogLine(line, time, 'loki');
  if (!event) return null;
  for (const [k, v] of Object.entries({ ...labels, ...metadata }))
    if (event.attributes[k] === undefined && typeof v === 'string') event.attributes[k] = v;
  event.time = time; // Loki's own timestamp is the one it is stored and paged by
  if (event.level === 'info' && (labels.level || labels.detected_level))
    event.level = levelFromText(labels.level ?? labels.detected_level);
  if (!event.service) event.service = labels.service_name ?? labels.app ?? labels.job ?? '';
  const stream = Object.entries(labels)
    .sort()
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const key = `${ts}:${createHash('sha1').update(stream).update('\0').update(line).digest('base64url')}`;
  return { ...event, key };
}

/**
 * Grafana Loki: GET /loki/api/v1/query_range, direction=forward, paging forward from the last
 * timestamp seen (inclusive; the entries already seen there are de-duplicated by the poller).
 * Optional X-Scope-OrgID and basic auth.
 */
export function lokiFetcher(
  config: LokiConfig,
  credentials: LokiCredentials,
  pageLimit = PAGE_LIMIT,
): Fetcher {
  const base = config.url.replace(/\/+$/, '');
  const headers: Record<string, string> = { accept: 'application/json' };
  if (config.orgId) headers['X-Scope-OrgID'] = config.orgId;
  if (credentials.username || credentials.password)
    headers.authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  return async ({ from, to }, signal) => {
    const events: Pulled[] = [];
    let start = ns(from);
    let limit = pageLimit;
    for (let page = 0; page < MAX_PAGES; page++) {
      const params = new URLSearchParams({
        query: config.query,
        start,
        end: ns(to),
        limit: String(limit),
        direction: 'forward',
      });
      const { body } = await fetchJson(
        `${base}/loki/api/v1/query_range?${params}`,
        { method: 'GET', signal, headers },
        'Loki',
      );
      const data = asObject(asObject(body).data);
      if (asObject(body).status !== 'success' || !Array.isArray(data.result))
        throw new PullError('Loki answered without a result');
      if (data.resultType !== 'streams')
        throw new PullError(`The query returns ${String(data.resultType)}, not log lines`);
      const entries: Array<{ ts: string; event: Pulled }> = [];
      for (const stream of data.result) {
        const labels = asObject(asObject(stream).stream) as Record<string, string>;
        for (const value of Array.isArray(asObject(stream).values)
          ? (asObject(stream).values as unknown[])
          : []) {
          if (!Array.isArray(value) || typeof value[0] !== 'string' || typeof value[1] !== 'string')
            continue;
          const meta = asObject(asObject(value[2]).structuredMetadata ?? value[2]);
          const event = lokiEntryToRaw(labels, value[0], value[1], meta);
          if (event) entries.push({ ts: value[0], event });
        }
      }
      entries.sort((a, b) =>
        BigInt(a.ts) < BigInt(b.ts) ? -1 : BigInt(a.ts) > BigInt(b.ts) ? 1 : 0,
      );
      events.push(...entries.map((e) => e.event));
      // A full page may stop in the middle of a timestamp: ask again from that timestamp.
      if (entries.length < limit) return { events };
      const last = entries.at(-1)!.ts;
      if (last === start) {
        // A whole page at one timestamp: only a larger page reads past it.
        if (limit < MAX_LIMIT) {
          limit = Math.min(limit * 4, MAX_LIMIT);
          continue;
        }
        return {
          events,
          resumeFrom: Number(BigInt(last) / 1_000_000n) + 1,
          incomplete: `Loki has more than ${MAX_LIMIT} lines at one instant; the rest were not fetched`,
        };
      }
      start = last;
      limit = pageLimit;
    }
    return { events, resumeFrom: events.at(-1)?.time };
  };
}
