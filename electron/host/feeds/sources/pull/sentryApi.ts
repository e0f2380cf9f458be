import { levelFromText } from '../../ingest/normalize';
import { sentryService } from '../../ingest/sentry/service';
import {
  asObject,
  asString,
  fetchJson,
  PullError,
  searchValue,
  type Fetcher,
  type Pulled,
} from './http';

export type SentryApiConfig = {
  url: string;
  organization: string;
  projects: string[];
  /** The tag that holds the tenant id, and the attribute it is copied to for the tenant filter. */
  tenantTag: string;
  tenantKey: string;
  tenant: string;
};
export type SentryApiCredentials = { token: string };

const MAX_PAGES = 10;
const MAX_ISSUES = 100;

/** Link: <…>; rel="next"; results="true"; cursor="…" → the next page's address, if it has results. */
export function nextLink(header: string | null): string | null {
  if (!header) return null;
  for (const m of header.matchAll(/<([^>]*)>((?:\s*;\s*[A-Za-z-]+="[^"]*")*)/g)) {
    const params = Object.fromEntries(
      [...m[2]!.matchAll(/([A-Za-z-]+)="([^"]*)"/g)].map((p) => [p[1]!, p[2]!]),
    );
    if (params.rel === 'next') return params.results === 'true' ? m[1]! : null;
  }
  return null;
}

const tagQuery = (tag: string, value: string) => `${tag}:${searchValue(value)}`;

type Frame = Record<string, unknown>;
const frameLine = (f: Frame) =>
  `  at ${asString(f.function) ?? '?'} (${asString(f.filename) ?? asString(f.absPath) ?? asString(f.module) ?? '?'}:${String(f.lineNo ?? '?')}:${String(f.colNo ?? '?')})`;

/** An event of the issue events endpoint (full=true) → a raw feed event. */
export function sentryApiEventToRaw(item: unknown, config: SentryApiConfig): Pulled | null {
  const e = asObject(item);
  const id = asString(e.eventID) ?? asString(e.id);
  const time = Date.parse(asString(e.dateCreated) ?? '');
  if (!id || Number.isNaN(time)) return null;
  const tags: Record<string, string> = {};
  for (const t of Array.isArray(e.tags) ? e.tags : []) {
    const key = asString(asObject(t).key);
    const value = asString(asObject(t).value);
    if (key && value !== undefined) tags[key] = value;
  }
  const attributes: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags)) attributes[`tag:${k}`] = v;
  if (tags[config.tenantTag] !== undefined) attributes[config.tenantKey] = tags[config.tenantTag]!;
  if (e.groupID !== undefined) attributes['sentry.issue'] = String(e.groupID);
  const entries = Array.isArray(e.entries) ? e.entries.map(asObject) : [];
  const exceptions = entries.find((x) => x.type === 'exception');
  const values = asObject(exceptions?.data).values;
  const exception = Array.isArray(values) ? asObject(values.at(-1)) : null;
  const frames = asObject(exception?.stacktrace).frames;
  const trace = asObject(asObject(e.contexts).trace);
  const message =
    asString(e.message) ||
    asString(asObject(entries.find((x) => x.type === 'message')?.data).formatted) ||
    asString(e.title) ||
    '';
  return {
    key: id,
    tenant: '',
    source: 'sentry-api',
    time,
    level: levelFromText(tags.level ?? asString(e.level) ?? 'error'),
    service: sentryService({
      tags,
      appName: asObject(asObject(e.contexts).app).app_name,
      release: tags.release ?? asString(asObject(e.release).version) ?? null,
    }),
    message,
    attributes,
    traceId: asString(trace.trace_id) ?? tags.trace ?? null,
    spanId: asString(trace.span_id) ?? null,
    release: tags.release ?? asString(asObject(e.release).version) ?? null,
    environment: tags.environment ?? null,
    error: exception
      ? {
          type: asString(exception.type) ?? 'Error',
          value: asString(exception.value) ?? message,
          stack: (Array.isArray(frames) ? (frames as Frame[]) : [])
            .slice()
            .reverse()
            .map(frameLine)
            .join('\n'),
        }
      : null,
    // One Sentry issue is one error group here too.
    fingerprint: e.groupID !== undefined ? [`sentry-issue:${String(e.groupID)}`] : null,
  };
}

/**
 * Sentry Web API with a bearer token: the organization's issues tagged with the tenant that had
 * events in the window, then each issue's events of the window (full, with stack traces),
 * following the Link header's next cursor while it says results="true".
 */
export function sentryApiFetcher(
  config: SentryApiConfig,
  credentials: SentryApiCredentials,
): Fetcher {
  const base = `${config.url.replace(/\/+$/, '')}/api/0/organizations/${encodeURIComponent(config.organization)}`;
  const headers = { authorization: `Bearer ${credentials.token}`, accept: 'application/json' };
  const query = tagQuery(config.tenantTag, config.tenant);

  let cut = false;
  async function* pages(first: string, signal: AbortSignal) {
    let url: string | null = first;
    for (let page = 0; url; page++) {
      if (page === MAX_PAGES) {
        cut = true; // more pages than one poll reads
        return;
      }
      // Sentry's cursor links stay on the same host; anything else is not followed.
      if (new URL(url).origin !== new URL(base).origin)
        throw new PullError('Sentry sent a next page on another host; not followed');
      const { body, headers: h } = await fetchJson(
        url,
        { method: 'GET', signal, headers },
        'Sentry',
      );
      if (!Array.isArray(body)) throw new PullError('Sentry answered without a list');
      yield body as unknown[];
      url = nextLink(h.get('link'));
    }
  }

  return async ({ from, to }, signal) => {
    cut = false;
    const window = { start: new Date(from).toISOString(), end: new Date(to).toISOString() };
    const issueParams = new URLSearchParams({ query, ...window, limit: '100' });
    for (const p of config.projects) issueParams.append('project', p);
    const issues: string[] = [];
    for await (const page of pages(`${base}/issues/?${issueParams}`, signal)) {
      for (const issue of page) {
        const id = asObject(issue).id;
        if (typeof id !== 'string' && typeof id !== 'number') continue;
        if (issues.length < MAX_ISSUES) issues.push(String(id));
        else cut = true;
      }
      if (cut) break; // enough issues for one poll: the rest are not worth asking for now
    }
    const events: Pulled[] = [];
    for (const issue of issues) {
      const params = new URLSearchParams({ ...window, full: 'true', query });
      for await (const page of pages(
        `${base}/issues/${encodeURIComponent(issue)}/events/?${params}`,
        signal,
      )) {
        for (const item of page) {
          const event = sentryApiEventToRaw(item, config);
          if (event) events.push(event);
        }
      }
    }
    events.sort((a, b) => a.time - b.time);
    return cut
      ? {
          events,
          incomplete: `Sentry had more issues or events in this window than one poll reads (${MAX_ISSUES} issues, ${MAX_PAGES} pages each); some were not fetched`,
        }
      : { events };
  };
}
