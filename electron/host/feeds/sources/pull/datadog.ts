import { levelFromText } from '../../ingest/normalize';
import {
  asObject,
  asString,
  fetchJson,
  flatten,
  PullError,
  searchValue,
  type Fetcher,
  type Pulled,
} from './http';

export type DatadogConfig = { site: string; query: string; tenantKey: string; tenant: string };
export type DatadogCredentials = { apiKey: string; appKey: string };

const PAGE_LIMIT = 1000;
const MAX_PAGES = 50;

/** The API base for a Datadog site (datadoghq.eu → https://api.datadoghq.eu), or the address given. */
export const datadogBase = (site: string) =>
  /^https?:\/\//i.test(site) ? site.replace(/\/+$/, '') : `https://api.${site}`;

/** The search, always scoped to the tenant's attribute, e.g. `@tenant.id:internal (service:shop)`. */
export const datadogQuery = (c: DatadogConfig) =>
  // The user's terms in parentheses: an OR among them cannot reach other tenants.
  [`@${c.tenantKey}:${searchValue(c.tenant)}`, c.query ? `(${c.query})` : '']
    .filter(Boolean)
    .join(' ');

/** A log of the Logs Search API (data[] item) → a raw feed event. */
export function datadogLogToRaw(item: unknown): Pulled | null {
  const log = asObject(item);
  const a = asObject(log.attributes);
  const id = asString(log.id);
  const time = Date.parse(asString(a.timestamp) ?? '');
  if (!id || Number.isNaN(time)) return null;
  const attributes = flatten(a.attributes);
  if (typeof a.host === 'string') attributes.host = a.host;
  for (const tag of Array.isArray(a.tags) ? a.tags : []) {
    if (typeof tag !== 'string') continue;
    const at = tag.indexOf(':');
    if (at > 0) attributes[`tag:${tag.slice(0, at)}`] = tag.slice(at + 1);
  }
  const str = (k: string) => (typeof attributes[k] === 'string' ? (attributes[k] as string) : null);
  const errorKind = str('error.kind') ?? str('error.type');
  const message = asString(a.message) ?? str('message') ?? '';
  return {
    key: id,
    tenant: '',
    source: 'datadog',
    time,
    level: levelFromText(asString(a.status)),
    service: asString(a.service) ?? '',
    message,
    attributes,
    traceId: str('dd.trace_id') ?? str('trace_id'),
    spanId: str('dd.span_id') ?? str('span_id'),
    release: str('version') ?? str('tag:version'),
    environment: str('env') ?? str('tag:env'),
    error:
      errorKind || str('error.stack')
        ? {
            type: errorKind ?? 'Error',
            value: str('error.message') ?? message,
            stack: str('error.stack') ?? '',
          }
        : null,
  };
}

/**
 * Datadog Logs Search v2: POST /api/v2/logs/events/search with the keys in DD-API-KEY and
 * DD-APPLICATION-KEY, oldest first, following meta.page.after until the window is read. Only
 * a page with meta.status "done" counts as read.
 */
export function datadogFetcher(config: DatadogConfig, credentials: DatadogCredentials): Fetcher {
  const url = `${datadogBase(config.site)}/api/v2/logs/events/search`;
  return async ({ from, to }, signal) => {
    const events: Pulled[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const { body } = await fetchJson(
        url,
        {
          method: 'POST',
          signal,
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            'DD-API-KEY': credentials.apiKey,
            'DD-APPLICATION-KEY': credentials.appKey,
          },
          body: JSON.stringify({
            filter: {
              query: datadogQuery(config),
              from: new Date(from).toISOString(),
              to: new Date(to).toISOString(),
            },
            sort: 'timestamp',
            page: { limit: PAGE_LIMIT, ...(cursor ? { cursor } : {}) },
          }),
        },
        'Datadog',
      );
      const data = asObject(body).data;
      if (!Array.isArray(data)) throw new PullError('Datadog answered without a data list');
      // "timeout": the search stopped before it read the whole window, so this page (and the
      // cursor after it) may miss logs. The window is a gap, fetched again at the next poll.
      if (asObject(asObject(body).meta).status === 'timeout')
        throw new PullError(
          'Datadog’s search timed out before reading the whole window (meta.status "timeout"); it is fetched again',
        );
      for (const item of data) {
        const event = datadogLogToRaw(item);
        if (event) events.push(event);
      }
      cursor = asString(asObject(asObject(asObject(body).meta).page).after);
      if (!cursor || data.length === 0) return { events };
    }
    // More than MAX_PAGES pages in one window: carry on from the last one next time.
    return { events, resumeFrom: events.at(-1)?.time };
  };
}
