import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, HTTP_STATUS } from '../../../shared/api/errors';
import { ROUTES } from '../../../shared/api/routes';
import type { ServedHost } from '../host';
import { originAllowed } from './auth';
import { readJsonBody } from './body';
import { peerAddress } from './callers';
import { sendJson } from './headers';
import { createRateLimit } from './rateLimit';

/** A join request is a name and a function: a few hundred bytes. */
const MAX_JOIN_BODY = 2048;
/** Requests one address may make in ten minutes. */
export const MAX_JOIN_REQUESTS = 5;

const refuse = (res: ServerResponse, error: ApiError, retryAfter?: number) => {
  if (retryAfter) res.setHeader('Retry-After', String(retryAfter));
  sendJson(res, HTTP_STATUS[error.code], { ok: false, error: error.toBody() });
};

/**
 * The join page's two calls, the only API besides health and the schema that needs no token:
 * small bodies, the page's own origin only, a few requests per address, and the host keeps a
 * bounded list (see links/joinDesk.ts). Returns false for any other path.
 */
export function createJoinRoutes(host: Pick<ServedHost, 'requestJoin' | 'joinStatus'>) {
  const limit = createRateLimit({ max: MAX_JOIN_REQUESTS, windowMs: 10 * 60_000 });
  return async function serveJoin(
    req: IncomingMessage,
    res: ServerResponse,
    pathname: string,
  ): Promise<boolean> {
    const secret = ROUTES.joinStatus.match(pathname);
    if (secret) {
      if (req.method !== ROUTES.joinStatus.verb) {
        res.setHeader('Allow', ROUTES.joinStatus.verb);
        refuse(res, new ApiError('invalid_argument', 'Use GET'));
        return true;
      }
      sendJson(res, 200, { ok: true, result: host.joinStatus(secret) });
      return true;
    }
    if (pathname !== ROUTES.join.path) return false;
    if (req.method !== ROUTES.join.verb) {
      res.setHeader('Allow', ROUTES.join.verb);
      refuse(res, new ApiError('invalid_argument', 'Use POST'));
      return true;
    }
    if (!originAllowed(req)) {
      refuse(res, new ApiError('forbidden', 'Ask to join from the join page itself'));
      return true;
    }
    const address = peerAddress(req.socket.remoteAddress);
    const wait = limit.retryAfter(address);
    if (wait > 0) {
      refuse(
        res,
        new ApiError('rate_limited', `You asked several times already; try again in ${wait} s`),
        wait,
      );
      return true;
    }
    try {
      const body = await readJsonBody(req, MAX_JOIN_BODY);
      limit.fail(address); // every request counts, answered or not
      sendJson(res, 200, { ok: true, result: host.requestJoin(body) });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      refuse(res, error);
    }
    return true;
  };
}
