import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An OFREP flag service on 127.0.0.1, as the OFREP OpenAPI contract describes it:
 * `POST /ofrep/v1/evaluate/flags/{key}` with `{"context": {...}}` answers 200
 * `{key, value, reason, variant, metadata}`; 400 `{key, errorCode, errorDetails}` for a bad
 * request; 404 `{key, errorCode: "FLAG_NOT_FOUND", errorDetails}`; 401 / 403 without a body for
 * a missing or refused bearer token; 429 with Retry-After; all JSON as application/json.
 */
export type OfrepFlags = Record<string, (context: Record<string, unknown>) => boolean>;

export async function startOfrepStandIn(options: {
  flags: OfrepFlags;
  token?: string;
  /** Answer every evaluation with this status instead (429 carries Retry-After: 30). */
  status?: 403 | 429 | 500;
}) {
  const requests: Array<{ key: string; context: Record<string, unknown>; auth?: string }> = [];
  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    const m = /^\/ofrep\/v1\/evaluate\/flags\/([^/?]+)$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !m) return json(res, 404, { errorDetails: 'Not found' });
    const key = decodeURIComponent(m[1]!);
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (text += c));
    req.on('end', () => {
      const auth = req.headers.authorization;
      if (options.token && auth !== `Bearer ${options.token}`) {
        res.writeHead(401).end();
        return;
      }
      if (options.status === 403) return void res.writeHead(403).end();
      if (options.status === 429) return void res.writeHead(429, { 'Retry-After': '30' }).end();
      if (options.status === 500) return json(res, 500, { errorDetails: 'internal error' });
      let context: Record<string, unknown>;
      try {
        context = (JSON.parse(text) as { context?: Record<string, unknown> }).context ?? {};
      } catch {
        return json(res, 400, { key, errorCode: 'PARSE_ERROR', errorDetails: 'Body is not JSON' });
      }
      requests.push({ key, context, auth });
      const flag = options.flags[key];
      if (!flag)
        return json(res, 404, {
          key,
          errorCode: 'FLAG_NOT_FOUND',
          errorDetails: `flag ${key} not found`,
        });
      if (typeof context.targetingKey !== 'string')
        return json(res, 400, { key, errorCode: 'TARGETING_KEY_MISSING', errorDetails: '' });
      const on = flag(context);
      json(res, 200, {
        key,
        value: on,
        reason: 'TARGETING_MATCH',
        variant: on ? 'on' : 'off',
        metadata: {},
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
