import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, HTTP_STATUS } from '../../../shared/api/errors';
import { ROUTES } from '../../../shared/api/routes';
import schema from '../../../shared/schema/decision-record.v1.json' with { type: 'json' };
import type { ServedHost } from '../host';
import { headerToken } from './auth';
import { dispatchCaller, type Gatekeeper } from './callers';
import { readJsonBody } from './body';
import { sendJson } from './headers';

/** A Flagger webhook body is a few hundred bytes; nothing bigger is read before the token. */
const MAX_GATE_BODY = 64 * 1024;
const SCHEMA_BYTES = Buffer.from(`${JSON.stringify(schema, null, 2)}\n`);
const SCHEMA_ETAG = `"${crypto.createHash('sha256').update(SCHEMA_BYTES).digest('base64url').slice(0, 22)}"`;

const refuse = (res: ServerResponse, error: ApiError) =>
  sendJson(res, HTTP_STATUS[error.code], { ok: false, error: error.toBody() });

/** GET/HEAD of the published schema: no token, no data, the same bytes for every caller. */
export function serveSchema(req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return sendJson(res, 405, {
      ok: false,
      error: { code: 'invalid_argument', message: 'Use GET' },
    });
  }
  const fresh = req.headers['if-none-match'] === SCHEMA_ETAG;
  res.writeHead(fresh ? 304 : 200, {
    'Content-Type': 'application/schema+json',
    'Content-Length': fresh ? 0 : SCHEMA_BYTES.byteLength,
    'Cache-Control': 'no-cache',
    ETag: SCHEMA_ETAG,
  });
  res.end(req.method === 'HEAD' || fresh ? undefined : SCHEMA_BYTES);
}

/** The Link header a decision record carries: where its schema is served. */
export const SCHEMA_LINK = `<${ROUTES.schema.path}>; rel="describedby"; type="application/schema+json"`;

type GateParams = { expect: unknown; stage: unknown; mode: string };

/**
 * The gate: the token from the header or, for Flagger (which sends no custom headers), from
 * the webhook body's `metadata.token`; `expect` and `stage` from the query or `metadata`. Every
 * refusal is a 4xx that changes nothing.
 */
export async function serveGate(
  req: IncomingMessage,
  res: ServerResponse,
  sessionId: string,
  host: ServedHost,
  gatekeeper: Gatekeeper,
): Promise<void> {
  if (!(ROUTES.gate.verbs as readonly string[]).includes(req.method ?? '')) {
    res.setHeader('Allow', ROUTES.gate.verbs.join(', '));
    return sendJson(res, 405, {
      ok: false,
      error: { code: 'invalid_argument', message: 'Use GET or POST' },
    });
  }
  const fromHeader = headerToken(req);
  let metadata: Record<string, unknown> = {};
  if (req.method === 'POST') {
    try {
      metadata = webhookMetadata(await readJsonBody(req, MAX_GATE_BODY));
    } catch (error) {
      if (error instanceof ApiError) return refuse(res, error);
      throw error;
    }
  }
  const given = fromHeader ?? (typeof metadata.token === 'string' ? metadata.token : undefined);
  const admitted = gatekeeper.admit(given, req.socket.remoteAddress);
  if (!admitted.ok) {
    if (admitted.retryAfter) res.setHeader('Retry-After', String(admitted.retryAfter));
    return refuse(res, admitted.error);
  }
  let params: GateParams;
  try {
    params = gateParams(new URL(req.url ?? '/', 'http://localhost').searchParams, metadata);
  } catch (error) {
    if (error instanceof ApiError) return refuse(res, error);
    throw error;
  }
  const envelope = await host.dispatch(
    'decision.gate',
    { sessionId, expect: params.expect, stage: params.stage },
    dispatchCaller(admitted),
  );
  if (!envelope.ok) return sendJson(res, HTTP_STATUS[envelope.error.code], envelope);
  const answer = envelope.result as { status: number };
  sendJson(res, params.mode === 'metric' ? 200 : answer.status, answer);
}

function webhookMetadata(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ApiError('invalid_argument', 'The body is a JSON object (a Flagger webhook payload)');
  const metadata = (body as { metadata?: unknown }).metadata;
  if (metadata === undefined || metadata === null) return {};
  if (typeof metadata !== 'object' || Array.isArray(metadata))
    throw ApiError.field('metadata', 'metadata is an object of strings');
  return metadata as Record<string, unknown>;
}

function gateParams(query: URLSearchParams, metadata: Record<string, unknown>): GateParams {
  const pick = (name: 'expect' | 'stage') => {
    const inQuery = query.get(name);
    const inBody = metadata[name];
    if (inQuery !== null && inBody !== undefined && inBody !== inQuery)
      throw ApiError.field(name, `${name} differs between the query and metadata`);
    return inQuery ?? inBody;
  };
  const expect = pick('expect') ?? 'promote';
  const stage = pick('stage') ?? null;
  if (expect === 'promote' && stage === null)
    throw ApiError.field(
      'stage',
      'Name the stage this step rolls out to (stage=KEY): a promote to an earlier stage must not pass',
    );
  const mode = query.get('mode') ?? 'status';
  if (mode !== 'status' && mode !== 'metric')
    throw ApiError.field('mode', 'mode is status (the outcome is the status code) or metric (200)');
  return { expect, stage, mode };
}
