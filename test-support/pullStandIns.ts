/**
 * Local stand-ins for the three APIs the pull sources read, for tests: each follows the
 * documented request and response shapes (auth headers, paging, 429 with each service's rate-limit
 * headers: Datadog's X-RateLimit-*, Retry-After for the others) closely
 * enough that a client passing against them passes against the real service.
 *  - Datadog Logs Search v2: POST /api/v2/logs/events/search
 *  - Grafana Loki: GET /loki/api/v1/query_range
 *  - Sentry Web API: GET /api/0/organizations/{org}/issues/ and …/issues/{id}/events/
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type StandInLog = {
  time: number;
  level: string;
  service: string;
  message: string;
  /** Datadog: nested attributes; Loki: stream labels (flat); Sentry: tags. */
  fields: Record<string, unknown>;
  /** Sentry: the issue it belongs to, and an exception. */
  issue?: string;
  exception?: {
    type: string;
    value: string;
    frames: Array<{ function: string; filename: string; lineNo: number }>;
  };
};
export type Recorded = {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  /** When it arrived (epoch ms). */
  at: number;
};

type Kind = 'datadog' | 'loki' | 'sentry';
export type StandInOptions = {
  /** Datadog keys, Loki user:password and org id, or the Sentry token the stand-in accepts. */
  apiKey?: string;
  appKey?: string;
  basicAuth?: string;
  orgId?: string;
  token?: string;
  organization?: string;
  /** Entries per page, small to exercise paging. */
  pageSize?: number;
};

const send = (
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
const readBody = (req: http.IncomingMessage) =>
  new Promise<string>((resolve) => {
    let s = '';
    req.on('data', (c) => (s += c));
    req.on('end', () => resolve(s));
  });
const get = (o: Record<string, unknown>, dotted: string): unknown =>
  dotted
    .split('.')
    .reduce<unknown>(
      (v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
      o,
    );
const idOf = (l: StandInLog, i: number) => `AAAA${String(l.time)}${String(i).padStart(6, '0')}`;

export async function startStandIn(kind: Kind, options: StandInOptions = {}) {
  const logs: StandInLog[] = [];
  const requests: Recorded[] = [];
  const pageSize = options.pageSize ?? 3;
  const faults: Array<{ status: number; headers: Record<string, string> }> = [];
  /** Datadog: the next answers stop early with meta.status "timeout" (what they hold: one page). */
  let timeouts = 0;

  function datadog(req: Recorded, res: http.ServerResponse) {
    if (req.method !== 'POST' || req.path !== '/api/v2/logs/events/search')
      return send(res, 404, { errors: ['Not found'] });
    if (
      req.headers['dd-api-key'] !== options.apiKey ||
      req.headers['dd-application-key'] !== options.appKey
    )
      return send(res, 403, { errors: ['Forbidden'] });
    const body = req.body as {
      filter?: { query?: string; from?: string; to?: string };
      sort?: string;
      page?: { limit?: number; cursor?: string };
    };
    const from = Date.parse(body.filter?.from ?? '');
    const to = Date.parse(body.filter?.to ?? '');
    if (Number.isNaN(from) || Number.isNaN(to))
      return send(res, 400, { errors: ['Invalid filter.from/filter.to'] });
    // Terms are ANDed; parentheses only group them here (no OR in this stand-in).
    const terms = (body.filter?.query ?? '').replace(/[()]/g, ' ').match(/\S+/g) ?? [];
    const matches = (l: StandInLog) =>
      terms.every((t) => {
        const m = /^(@?)([\w.]+):"?(.*?)"?$/.exec(t);
        if (!m) return l.message.includes(t);
        const value = m[1]
          ? get(l.fields, m[2]!)
          : m[2] === 'service'
            ? l.service
            : m[2] === 'status'
              ? l.level
              : undefined;
        return String(value) === m[3];
      });
    const all = logs
      .map((l, i) => ({ l, id: idOf(l, i) }))
      .filter(({ l }) => l.time >= from && l.time <= to && matches(l))
      .sort((a, b) => (body.sort === '-timestamp' ? b.l.time - a.l.time : a.l.time - b.l.time));
    const offset = body.page?.cursor
      ? Number(JSON.parse(Buffer.from(body.page.cursor, 'base64').toString()).offset)
      : 0;
    const limit = Math.min(body.page?.limit ?? 10, pageSize);
    const page = all.slice(offset, offset + limit);
    const more = offset + limit < all.length;
    const after = more
      ? Buffer.from(JSON.stringify({ offset: offset + limit })).toString('base64')
      : undefined;
    const timedOut = timeouts > 0;
    if (timedOut) timeouts--;
    send(res, 200, {
      data: page.map(({ l, id }) => ({
        id,
        type: 'log',
        attributes: {
          timestamp: new Date(l.time).toISOString(),
          status: l.level,
          service: l.service,
          message: l.message,
          host: 'i-0123',
          tags: ['env:internal', `service:${l.service}`],
          attributes: l.fields,
        },
      })),
      links: after ? { next: `http://example/api/v2/logs/events?page[cursor]=${after}` } : {},
      meta: {
        page: after ? { after } : {},
        elapsed: 12,
        request_id: 'req',
        status: timedOut ? 'timeout' : 'done',
      },
    });
  }

  function loki(req: Recorded, res: http.ServerResponse) {
    if (req.method !== 'GET' || req.path !== '/loki/api/v1/query_range')
      return send(res, 404, { message: 'not found' });
    if (
      options.basicAuth &&
      req.headers.authorization !== `Basic ${Buffer.from(options.basicAuth).toString('base64')}`
    )
      return res.writeHead(401).end('unauthorized');
    if (options.orgId && req.headers['x-scope-orgid'] !== options.orgId)
      return res.writeHead(401).end('no org id');
    const q = req.query;
    const selector = /^\s*\{([^}]*)\}/.exec(q.get('query') ?? '');
    if (!selector)
      return res
        .writeHead(400)
        .end('parse error: queries require at least one regexp or equality matcher');
    const matchers = [...selector[1]!.matchAll(/([A-Za-z_]\w*)\s*=\s*"([^"]*)"/g)].map(
      (m) => [m[1]!, m[2]!] as const,
    );
    const start = BigInt(q.get('start') ?? '0');
    const end = BigInt(q.get('end') ?? '0');
    const limit = Number(q.get('limit') ?? 100);
    if (limit > 5000)
      return res
        .writeHead(400)
        .end(`max entries limit per query exceeded, limit > max_entries_limit (${limit} > 5000)`);

    const forward = q.get('direction') === 'forward';
    const ns = (l: StandInLog) => BigInt(l.time) * 1_000_000n;
    const selected = logs
      .filter((l) => matchers.every(([k, v]) => l.fields[k] === v) && ns(l) >= start && ns(l) < end)
      .sort((a, b) => (forward ? a.time - b.time : b.time - a.time))
      .slice(0, limit);
    const streams = new Map<
      string,
      { stream: Record<string, unknown>; values: [string, string][] }
    >();
    for (const l of selected) {
      const key = JSON.stringify(l.fields);
      const s = streams.get(key) ?? { stream: l.fields, values: [] };
      s.values.push([
        String(ns(l)),
        JSON.stringify({ level: l.level, msg: l.message, service: l.service }),
      ]);
      streams.set(key, s);
    }
    send(res, 200, {
      status: 'success',
      data: { resultType: 'streams', result: [...streams.values()], stats: {} },
    });
  }

  function sentry(req: Recorded, res: http.ServerResponse, origin: string) {
    if (req.headers.authorization !== `Bearer ${options.token}`)
      return send(res, 401, { detail: 'Invalid token' });
    const m = /^\/api\/0\/organizations\/([^/]+)\/issues\/(?:([^/]+)\/events\/)?$/.exec(req.path);
    if (req.method !== 'GET' || !m || m[1] !== options.organization)
      return send(res, 404, { detail: 'The requested resource does not exist' });
    const q = req.query;
    const start = Date.parse(q.get('start') ?? '');
    const end = Date.parse(q.get('end') ?? '');
    const tag = /^(\w+):(.*)$/.exec(q.get('query') ?? '');
    const inWindow = logs.filter(
      (l) => l.time >= start && l.time <= end && (!tag || String(l.fields[tag[1]!]) === tag[2]),
    );
    let rows: unknown[];
    if (m[2]) {
      rows = inWindow
        .filter((l) => l.issue === m[2])
        .sort((a, b) => b.time - a.time) // newest first, as Sentry lists them
        .map((l) => {
          const i = logs.indexOf(l);
          return {
            id: idOf(l, i).toLowerCase(),
            eventID: idOf(l, i).toLowerCase(),
            groupID: l.issue,
            dateCreated: new Date(l.time).toISOString(),
            message: l.message,
            title: `${l.exception?.type ?? 'Error'}: ${l.exception?.value ?? l.message}`,
            platform: 'node',
            tags: Object.entries({ ...l.fields, level: l.level, server_name: l.service }).map(
              ([key, value]) => ({ key, value: String(value) }),
            ),
            entries:
              l.exception && q.get('full') === 'true'
                ? [
                    {
                      type: 'exception',
                      data: {
                        values: [
                          {
                            type: l.exception.type,
                            value: l.exception.value,
                            stacktrace: { frames: l.exception.frames },
                          },
                        ],
                      },
                    },
                  ]
                : [],
          };
        });
    } else {
      const ids = [...new Set(inWindow.map((l) => l.issue).filter(Boolean))] as string[];
      rows = ids.map((id) => ({
        id,
        shortId: `SHOP-${id}`,
        title: id,
        count: String(inWindow.filter((l) => l.issue === id).length),
      }));
    }
    const cursor = Number((q.get('cursor') ?? '0:0:0').split(':')[1] ?? 0);
    const page = rows.slice(cursor, cursor + pageSize);
    const next = new URLSearchParams(q);
    next.set('cursor', `0:${cursor + pageSize}:0`);
    const prev = new URLSearchParams(q);
    prev.set('cursor', `0:${Math.max(0, cursor - pageSize)}:1`);
    const link = (params: URLSearchParams, rel: string, results: boolean) =>
      `<${origin}${req.path}?${params}>; rel="${rel}"; results="${results}"; cursor="${params.get('cursor')}"`;
    send(res, 200, page, {
      link: `${link(prev, 'previous', cursor > 0)}, ${link(next, 'next', cursor + pageSize < rows.length)}`,
    });
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      return send(res, 400, { errors: ['Malformed JSON'] });
    }
    const recorded = {
      method: req.method ?? '',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      at: Date.now(),
    };
    requests.push(recorded);
    const fault = faults.shift();
    if (fault) return send(res, fault.status, { errors: ['fault'] }, fault.headers);
    if (kind === 'datadog') return datadog(recorded, res);
    if (kind === 'loki') return loki(recorded, res);
    return sentry(recorded, res, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    logs,
    requests,
    /**
     * The next answer is 429, over in this many seconds: Datadog says so in its X-RateLimit-*
     * headers (no Retry-After), the others with Retry-After.
     */
    rateLimitNext: (seconds: number) =>
      faults.push({
        status: 429,
        headers:
          kind === 'datadog'
            ? {
                'X-RateLimit-Limit': '300',
                'X-RateLimit-Period': '3600',
                'X-RateLimit-Remaining': '0',
                'X-RateLimit-Reset': String(seconds),
                'X-RateLimit-Name': 'logs_search_query',
              }
            : { 'retry-after': String(seconds) },
      }),
    /** Datadog: the next n searches answer 200 with meta.status "timeout" (incomplete). */
    timeoutNext: (n: number) => {
      timeouts += n;
    },
    /** The next n answers are this error status. */
    failNext: (n: number, status = 503) => {
      for (let i = 0; i < n; i++) faults.push({ status, headers: {} });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type StandIn = Awaited<ReturnType<typeof startStandIn>>;
