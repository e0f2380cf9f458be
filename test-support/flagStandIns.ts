import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Seen = {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  /** The request body as text (empty when there was none). */
  body: string;
};

export type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

/** A server on 127.0.0.1 that records every request and answers through `handle`. */
export async function serve(handle: (seen: Seen) => Answer) {
  const requests: Seen[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const seen: Seen = {
      method: req.method ?? '',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: '',
    };
    requests.push(seen);
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (seen.body += chunk));
    req.on('end', () => {
      const { status, body, headers } = handle(seen);
      res.writeHead(status, {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A status to answer every request with instead (429 carries Retry-After: 30). */
type Forced = { status?: 403 | 429 | 500 };
const forced = (o: Forced) =>
  o.status === 429
    ? { status: 429, headers: { 'Retry-After': '30' } }
    : o.status
      ? { status: o.status, body: { message: 'refused' } }
      : null;

/** An Unleash feature toggle as the client API returns it (client specification 5). */
export function unleashFeature(
  name: string,
  strategies: Array<{ name: string; parameters?: Record<string, string>; constraints?: unknown[] }>,
  enabled = true,
) {
  return {
    name,
    type: 'release',
    enabled,
    project: 'default',
    stale: false,
    impressionData: false,
    strategies: strategies.map((s) => ({ constraints: [], parameters: {}, variants: [], ...s })),
    variants: [],
  };
}

/**
 * Unleash's client API as documented: `GET /api/client/features` with the client token in
 * `Authorization` answers `{version: 2, features: [...], segments: [...], query: {...}}`,
 * filtered by `namePrefix`; a missing or wrong token gets 401 with a JSON message.
 */
export function startUnleashStandIn(
  options: { token: string; features: unknown[]; segments?: unknown[] } & Forced,
) {
  return serve(({ method, path, query, headers }) => {
    if (method !== 'GET' || path !== '/api/client/features') return { status: 404, body: {} };
    if (headers.authorization !== options.token)
      return { status: 401, body: { message: 'You must log in to use Unleash.' } };
    const refused = forced(options);
    if (refused) return refused;
    const prefix = query.get('namePrefix') ?? '';
    return {
      status: 200,
      body: {
        version: 2,
        features: options.features.filter((f) => (f as { name: string }).name.startsWith(prefix)),
        segments: options.segments ?? [],
        query: { environment: 'production', inlineSegmentConstraints: false, namePrefix: prefix },
      },
    };
  });
}

/** A PostHog flag definition as the local-evaluation endpoint returns it. */
export function posthogFlag(
  key: string,
  groups: Array<{ properties: unknown[]; rollout_percentage: number | null }>,
  more: { active?: boolean; aggregation_group_type_index?: number } = {},
) {
  return {
    id: 1,
    name: key,
    key,
    active: more.active ?? true,
    deleted: false,
    ensure_experience_continuity: false,
    filters: {
      groups: groups.map((g) => ({ variant: null, ...g })),
      multivariate: null,
      payloads: {},
      aggregation_group_type_index: more.aggregation_group_type_index ?? null,
    },
  };
}

/**
 * PostHog's local-evaluation endpoint as posthog-node 5 asks it: `GET /flags/definitions?token=
 * <project API key>&send_cohorts` (older clients: `/api/feature_flag/local_evaluation`) with the
 * personal API key as `Authorization: Bearer`, answering `{flags, group_type_mapping, cohorts}`;
 * 401 `{type, code, detail}` for a wrong key. Every other request is recorded and answered 404.
 */
export function startPosthogStandIn(
  options: {
    personalApiKey: string;
    projectApiKey: string;
    flags: unknown[];
    groupTypes?: Record<string, string>;
  } & Forced,
) {
  return serve(({ method, path, query, headers }) => {
    const definitions =
      path === '/flags/definitions' || path === '/api/feature_flag/local_evaluation';
    if (method !== 'GET' || !definitions) return { status: 404, body: {} };
    if (headers.authorization !== `Bearer ${options.personalApiKey}`)
      return {
        status: 401,
        body: {
          type: 'authentication_error',
          code: 'authentication_failed',
          detail: 'Personal API key found in request Authorization header is invalid.',
        },
      };
    if (query.get('token') !== options.projectApiKey)
      return { status: 403, body: { type: 'authentication_error', code: 'permission_denied' } };
    const refused = forced(options);
    if (refused) return refused;
    return {
      status: 200,
      body: { flags: options.flags, group_type_mapping: options.groupTypes ?? {}, cohorts: {} },
    };
  });
}
