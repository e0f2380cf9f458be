import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTP_STATUS } from '../../../shared/api/errors';
import type { ServedHost } from '../host';
import type { Caller } from '../context';
import { sendJson } from './headers';

/** GET or HEAD only: anything else is 405 with the verbs that work. */
function readOnly(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return true;
  res.setHeader('Allow', 'GET, HEAD');
  sendJson(res, 405, { ok: false, error: { code: 'invalid_argument', message: 'Use GET' } });
  return false;
}

function send(req: IncomingMessage, res: ServerResponse, type: string, body: string) {
  res.writeHead(200, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-cache',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * The public keys that verify signed decisions (a JWK Set, RFC 7517), without a token: public
 * keys hold no data, and a pipeline may pin them before anything is signed. Revalidated on each
 * use, since a new key can be added.
 */
export async function serveKeys(req: IncomingMessage, res: ServerResponse, host: ServedHost) {
  if (!readOnly(req, res)) return;
  const envelope = await host.dispatch('decision.keys', {}, { transport: 'web' });
  if (!envelope.ok) return sendJson(res, HTTP_STATUS[envelope.error.code], envelope);
  send(req, res, 'application/jwk-set+json', `${JSON.stringify(envelope.result)}\n`);
}

/**
 * The session's latest signed record as issued at signing: a compact JWS (`application/jose`),
 * the same bytes every time; 404 until a decision is signed. The caller's token was checked; the call is made as that caller.
 */
export async function serveSignedRecord(
  req: IncomingMessage,
  res: ServerResponse,
  sessionId: string,
  host: ServedHost,
  caller: Caller,
) {
  if (!readOnly(req, res)) return;
  // As the caller: a personal link reads only its own session's record.
  const envelope = await host.dispatch('exports.render', { sessionId, format: 'jws' }, caller);
  if (!envelope.ok) return sendJson(res, HTTP_STATUS[envelope.error.code], envelope);
  send(req, res, 'application/jose', (envelope.result as { content: string }).content);
}
