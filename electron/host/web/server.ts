import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import { WebSocketServer } from 'ws';
import { ApiError, HTTP_STATUS, type ApiEnvelope } from '../../../shared/api/errors';
import { ROUTES } from '../../../shared/api/routes';
import { LINK_REVOKED_CLOSE, streamEvents } from './eventStream';
import { createPrintDesk } from './print';
import type { ServedHost } from '../host';
import { headerToken, hostAllowed, originAllowed } from './auth';
import { createGatekeeper, dispatchCaller, REVOKED_MESSAGE, type Admission } from './callers';
import { createJoinRoutes } from './join';
import { SCHEMA_LINK, serveGate, serveSchema } from './pipeline';
import { serveKeys, serveSignedRecord } from './signed';
import { readBody, readJsonBody } from './body';
import { closeServer, listen } from './listen';
import { MAX_SCREENSHOT_BYTES } from '../screenshots/store';
import { sendJson, setSecurityHeaders } from './headers';
import { createStaticFiles } from './staticFiles';

export type WebServerOptions = {
  host: ServedHost;
  hostname: string;
  port: number;
  token: string;
  /** The read-only token for pipelines (gate, decision record, schema); null: none. */
  pipelineToken?: string | null;
  /** The built renderer (dist/renderer); null serves the API only. */
  staticDir: string | null;
  /** Serve HTTPS (and WSS) with this certificate and key (PEM), as given by the user. */
  tls?: { cert: Buffer; key: Buffer } | null;
};

export type WebServer = { url: string; port: number; close(): Promise<void> };

function errorResponse(res: ServerResponse, error: ApiError, retryAfter?: number) {
  if (retryAfter) res.setHeader('Retry-After', String(retryAfter));
  sendJson(res, HTTP_STATUS[error.code], { ok: false, error: error.toBody() });
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const { host, token } = options;
  const tokens = { full: token, pipeline: options.pipelineToken ?? null };
  const gatekeeper = createGatekeeper({ tokens, identify: host.identify });
  const serveJoin = createJoinRoutes(host);
  const printDesk = createPrintDesk();
  const serveStatic = createStaticFiles(options.staticDir);

  async function handleApi(req: IncomingMessage, res: ServerResponse, pathname: string) {
    if (pathname === ROUTES.health.path) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { ok: false });
      return sendJson(res, 200, { ok: true, version: host.info.version });
    }
    if (pathname === ROUTES.schema.path) return serveSchema(req, res);
    if (pathname === ROUTES.keys.path) return serveKeys(req, res, host);
    if (await serveJoin(req, res, pathname)) return;
    const gate = ROUTES.gate.match(pathname);
    if (gate) return serveGate(req, res, gate.sessionId, host, gatekeeper);
    const admitted = gatekeeper.admit(headerToken(req), req.socket.remoteAddress);
    if (!admitted.ok) return errorResponse(res, admitted.error, admitted.retryAfter);
    const scope = admitted.caller.kind;
    const caller = dispatchCaller(admitted);
    const decision = ROUTES.decision.match(pathname);
    if (decision && (req.method === 'GET' || req.method === 'HEAD')) {
      // The decision record itself, for a pipeline: `decision` is null and `status` "draft"
      // until the product owner signs. The gate (…/gate) answers with a status code instead.
      const envelope = await host.dispatch(
        'exports.render',
        { sessionId: decision.sessionId, format: 'json' },
        caller,
      );
      if (!envelope.ok) return sendJson(res, HTTP_STATUS[envelope.error.code], envelope);
      const body = (envelope.result as { content: string }).content;
      res.writeHead(200, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(body),
        'Cache-Control': 'no-store',
        Link: SCHEMA_LINK,
      });
      return res.end(req.method === 'HEAD' ? undefined : body);
    }
    const signed = ROUTES.decisionJws.match(pathname);
    if (signed) return serveSignedRecord(req, res, signed.sessionId, host, caller);
    if (scope === 'pipeline')
      return errorResponse(
        res,
        new ApiError(
          'forbidden',
          'The pipeline token reads only the gate, the decision record (JSON or signed) and the schema',
        ),
      );
    const image = ROUTES.screenshot.match(pathname);
    if (image && (req.method === 'GET' || req.method === 'HEAD')) {
      const envelope = await host.dispatch(ROUTES.screenshot.method, image, caller);
      if (!envelope.ok) return sendJson(res, HTTP_STATUS[envelope.error.code], envelope);
      const { mime, bytes } = envelope.result as { mime: string; bytes: Uint8Array };
      res.writeHead(200, {
        'Content-Type': mime,
        'Content-Length': bytes.byteLength,
        'Cache-Control': 'private, max-age=31536000, immutable',
        'Content-Disposition': 'inline',
      });
      return res.end(req.method === 'HEAD' ? undefined : bytes);
    }
    if (ROUTES.screenshotUpload.match(pathname) && req.method === ROUTES.screenshotUpload.verb) {
      // The image travels as the raw body; its type is read from its bytes, not from headers.
      let bytes: Buffer;
      try {
        bytes = await readBody(req, MAX_SCREENSHOT_BYTES, 'Screenshots are limited to 20 MB');
      } catch (error) {
        if (error instanceof ApiError) return errorResponse(res, error);
        throw error;
      }
      const sessionId = new URL(req.url ?? '/', 'http://localhost').searchParams.get('sessionId');
      const envelope = await host.dispatch(
        ROUTES.screenshotUpload.method,
        { sessionId, bytes },
        caller,
      );
      return sendJson(res, envelope.ok ? 200 : HTTP_STATUS[envelope.error.code], envelope);
    }
    const method = ROUTES.call.match(pathname);
    if (method === 'exports.print' && req.method === 'POST') {
      let args: unknown;
      try {
        args = await readJsonBody(req);
      } catch (error) {
        if (error instanceof ApiError) return errorResponse(res, error);
        throw error;
      }
      const a = (typeof args === 'object' && args !== null ? args : {}) as Record<string, unknown>;
      const envelope = await host.dispatch('exports.render', { ...a, format: 'html' }, caller);
      if (!envelope.ok) return sendJson(res, HTTP_STATUS[envelope.error.code], envelope);
      const html = (envelope.result as { content: string }).content;
      return sendJson(res, 200, { ok: true, result: { url: printDesk.issue(html) } });
    }

    if (!method) return errorResponse(res, new ApiError('not_found', `No API at ${pathname}`));
    if (req.method !== ROUTES.call.verb) {
      res.setHeader('Allow', ROUTES.call.verb);
      return sendJson(res, 405, {
        ok: false,
        error: { code: 'invalid_argument', message: 'Use POST' },
      });
    }
    let envelope: ApiEnvelope<unknown>;
    try {
      envelope = await host.dispatch(method, await readJsonBody(req), caller);
    } catch (error) {
      if (error instanceof ApiError) return errorResponse(res, error);
      throw error;
    }
    sendJson(res, envelope.ok ? 200 : HTTP_STATUS[envelope.error.code], envelope);
  }

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    setSecurityHeaders(res);
    if (!hostAllowed(req, options.hostname)) {
      res.statusCode = 421;
      return res.end('Misdirected request');
    }
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (pathname.startsWith('/api/')) {
      handleApi(req, res, pathname).catch((error) => {
        console.error('[ensemble] request failed', error);
        if (!res.headersSent)
          sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'Internal error' } });
        else res.destroy();
      });
      return;
    }
    if (printDesk.serve(req, res, pathname)) return;
    if (!serveStatic) {
      res.statusCode = 404;
      return res.end('The renderer is not built: run npm run build');
    }
    serveStatic(req, res);
  };
  const server = options.tls
    ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, onRequest)
    : http.createServer(onRequest);
  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;
  // Idle keep-alive connections are left for the client to close: a server that closes first
  // races a client reusing the socket for its next request (seen as ECONNRESET under load).
  server.keepAliveTimeout = 65_000;

  // Host → browser events over one WebSocket per page: /api/events?token=…
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const stream = streamEvents(host);
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const refuse = (status: string, headers = '') => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n${headers}Content-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== ROUTES.events.path) return refuse('404 Not Found');
    if (!hostAllowed(req, options.hostname) || !originAllowed(req)) return refuse('403 Forbidden');
    const admitted: Admission = gatekeeper.admit(
      url.searchParams.get(ROUTES.events.tokenParam),
      req.socket.remoteAddress,
    );
    if (!admitted.ok) {
      const { code, message } = admitted.error;
      if (code === 'rate_limited')
        return refuse('429 Too Many Requests', `Retry-After: ${admitted.retryAfter ?? 60}\r\n`);
      // A revoked link's page is told in a way a browser can read: a close code, not a refusal.
      if (message === REVOKED_MESSAGE)
        return wss.handleUpgrade(req, socket, head, (ws) =>
          ws.close(LINK_REVOKED_CLOSE, 'This personal link no longer works'),
        );
      return refuse(code === 'forbidden' ? '403 Forbidden' : '401 Unauthorized');
    }
    const who = admitted.caller;
    if (who.kind === 'pipeline') return refuse('403 Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) =>
      stream.add(ws, who.kind === 'person' ? { person: who.person, token: who.token } : null),
    );
  });

  const port = await listen(server, options.port, options.hostname);
  // The host's own link works on this machine only: bound to every address, it names loopback.
  const local = ['0.0.0.0', '::'].includes(options.hostname) ? '127.0.0.1' : options.hostname;
  const shownHost = local.includes(':') ? `[${local}]` : local;
  const scheme = options.tls ? 'https' : 'http';
  return {
    url: `${scheme}://${shownHost}:${port}/?token=${token}`,
    port,
    close: async () => {
      stream.close();
      wss.close();
      await closeServer(server);
    },
  };
}
