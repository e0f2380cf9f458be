import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, listen } from '../../web/listen';
import type { StorageFailure } from '../../db/storageErrors';
import { OverloadedError, StoreFailedError, type FeedPipeline } from '../store/pipeline';
import { corsHeaders, createIngestAccess } from './access';
import { bodyEncoding, decodedBody, HttpError, send, sendError, wireOf, type Wire } from './http';
import { JsonBodyError, parseJsonBody } from './json';
import { decodeLogsRequest, OtlpFormatError } from './otlp/decode';
import { ProtoDepthError } from './otlp/depth';
import { decodeProtobufRequest, encodeProtobufResponse } from './otlp/proto';
import { EnvelopeError, parseEnvelope } from './sentry/envelope';
import { SentryEventError, sentryEventToRaw } from './sentry/event';
import { sentryLogsToRaw } from './sentry/log';

export { MAX_INFLATED_BODY, MAX_INGEST_BODY } from './http';
export const DEFAULT_INGEST_PORT = 4318;

export type IngestServerOptions = {
  pipeline: FeedPipeline;
  hostname: string;
  port: number;
  /** The install's ingest key (always accepted); null: none. */
  key?: string | null;
  /** Remote access is on: only holders of the key may send, from any Host name. */
  requireKey?: boolean;
  /** Browser origins allowed to send (the union over the watched sessions); none by default. */
  allowedOrigins?: () => ReadonlySet<string>;
  log?: (m: string, e?: unknown) => void;
};

/**
 * Seconds a sender is asked to wait when its events could not be stored: short, because an OTLP
 * exporter gives up at once when Retry-After runs past its export timeout (10 s by default).
 */
const STORE_RETRY_AFTER_S = '2';
const STORE_REFUSALS: Record<StorageFailure | 'other', string> = {
  full: "Ensemble's disk is full",
  unavailable: 'Ensemble cannot write to its data folder (read-only or failing disk)',
  other: 'Ensemble could not store these events',
};
const NO_ORIGINS: ReadonlySet<string> = new Set();
/** Bad input: answered 400 with its own message, nothing stored. */
const BAD_INPUT = [
  JsonBodyError,
  OtlpFormatError,
  ProtoDepthError,
  EnvelopeError,
  SentryEventError,
] as const;

/**
 * The push receivers, on their own port: OTLP/HTTP logs (POST /v1/logs, JSON or protobuf) and a
 * Sentry-compatible endpoint (POST /api/<project>/envelope/ and /store/), so any OpenTelemetry
 * exporter or Sentry SDK can point at Ensemble. Who may send is access.ts's to say; every bad
 * request gets a 4xx in the client's own format and stores nothing.
 */
export async function startIngestServer(options: IngestServerOptions) {
  const { pipeline } = options;
  const access = createIngestAccess({
    hostname: options.hostname,
    key: options.key ?? null,
    requireKey: options.requireKey ?? false,
    allowedOrigins: options.allowedOrigins ?? (() => NO_ORIGINS),
  });

  async function otlp(req: IncomingMessage, res: ServerResponse, cors: Record<string, string>) {
    const wire = wireOf(req, 'otlp');
    const type = String(req.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim()
      .toLowerCase();
    if (type !== 'application/json' && type !== 'application/x-protobuf')
      throw new HttpError(415, 'Content-Type must be application/json or application/x-protobuf');
    const body = await decodedBody(req, bodyEncoding(req));
    let request: unknown;
    if (wire === 'otlp-proto') {
      try {
        request = decodeProtobufRequest(body);
      } catch (error) {
        if (error instanceof ProtoDepthError) throw error;
        throw new HttpError(400, 'The body is not a valid OTLP protobuf message');
      }
    } else request = parseJsonBody(body, 'The body');
    const decoded = decodeLogsRequest(request, Date.now(), wire === 'otlp-proto');
    // Answered once the events are committed: a 2xx means stored (see refuse() otherwise).
    await pipeline.ingestAndStore('otlp', decoded.events);
    const { rejected, reason } = decoded;
    if (wire === 'otlp-proto')
      return send(
        res,
        200,
        encodeProtobufResponse(rejected, reason),
        'application/x-protobuf',
        cors,
      );
    const partial = {
      partialSuccess: { rejectedLogRecords: String(rejected), errorMessage: reason },
    };
    send(res, 200, JSON.stringify(rejected > 0 ? partial : {}), 'application/json', cors);
  }

  async function sentry(
    req: IncomingMessage,
    res: ServerResponse,
    kind: 'envelope' | 'store',
    cors: Record<string, string>,
  ) {
    const body = await decodedBody(req, bodyEncoding(req));
    const now = Date.now();
    let eventId: unknown;
    const events = [];
    if (kind === 'store') {
      const payload = parseJsonBody(body, 'The body');
      events.push(sentryEventToRaw(payload, now));
      eventId = (payload as { event_id?: unknown }).event_id ?? null;
    } else {
      const envelope = parseEnvelope(body);
      eventId = envelope.header.event_id ?? null;
      // Every event is read before any is stored: one bad item refuses the whole envelope.
      for (const item of envelope.items) {
        if (item.type === 'event')
          events.push(sentryEventToRaw(parseJsonBody(item.payload, 'An event item'), now));
        else if (item.type === 'log')
          for (const log of sentryLogsToRaw(parseJsonBody(item.payload, 'A log item'), now))
            events.push(log);
        // sessions, client reports, transactions, spans: neither errors nor logs
      }
    }
    await pipeline.ingestAndStore('sentry', events);
    send(res, 200, JSON.stringify({ id: eventId }), 'application/json', cors);
  }

  function refuse(res: ServerResponse, wire: Wire, error: unknown, cors: Record<string, string>) {
    if (BAD_INPUT.some((kind) => error instanceof kind))
      return sendError(res, wire, 400, (error as Error).message, cors);
    if (error instanceof OverloadedError) {
      const seconds = String(error.retryAfterSeconds);
      // OTLP clients retry a 503; Sentry SDKs honour 429 with X-Sentry-Rate-Limits.
      return wire === 'sentry'
        ? sendError(res, wire, 429, error.message, {
            ...cors,
            'Retry-After': seconds,
            'X-Sentry-Rate-Limits': `${seconds}::organization`,
          })
        : sendError(res, wire, 503, error.message, { ...cors, 'Retry-After': seconds });
    }
    if (error instanceof StoreFailedError) return refuseStoring(res, wire, error, cors);
    if (error instanceof HttpError)
      return sendError(res, wire, error.status, error.message, { ...cors, ...error.headers });
    throw error;
  }

  /**
   * Nothing of the request was stored: the sender is asked to send it again later. OTLP exporters
   * retry 503 (429, 502, 503 and 504 only, honouring Retry-After), so OTLP gets 503 even for a
   * full disk; Sentry SDKs retry nothing but back off on Retry-After, so they get the exact
   * status, 507 Insufficient Storage for a full disk.
   */
  function refuseStoring(
    res: ServerResponse,
    wire: Wire,
    error: StoreFailedError,
    cors: Record<string, string>,
  ) {
    const status = error.failure === 'full' && wire === 'sentry' ? 507 : 503;
    const message = `${STORE_REFUSALS[error.failure ?? 'other']}; nothing of this request was stored. Send it again later.`;
    return sendError(res, wire, status, message, { ...cors, 'Retry-After': STORE_RETRY_AFTER_S });
  }

  function handle(req: IncomingMessage, res: ServerResponse): Promise<void> | void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const sentryPath = /^\/api\/[A-Za-z0-9_-]+\/(envelope|store)\/?$/.exec(url.pathname);
    const route = url.pathname === '/v1/logs' ? 'otlp' : sentryPath ? 'sentry' : null;
    const wire = wireOf(req, route);
    // Refused before the body is read; the connection closes rather than drain what was sent.
    const caller = access.checkCaller(req);
    if ('status' in caller)
      return sendError(res, wire, caller.status, caller.message, {
        Vary: 'Origin',
        Connection: 'close',
      });
    const preflight = req.method === 'OPTIONS';
    const cors = corsHeaders(caller.origin, preflight);
    if (preflight && route) {
      res.writeHead(204, cors);
      return void res.end();
    }
    const denied = access.checkKey(req, url.searchParams);
    if (denied)
      return sendError(res, wire, denied.status, denied.message, {
        ...cors,
        ...denied.headers,
        Connection: 'close',
      });
    if (!route || req.method !== 'POST')
      return sendError(
        res,
        'other',
        404,
        'Ensemble ingest: POST /v1/logs or /api/<project>/envelope/',
        cors,
      );
    const handling =
      route === 'otlp'
        ? otlp(req, res, cors)
        : sentry(req, res, sentryPath![1] as 'envelope' | 'store', cors);
    return handling.catch((error: unknown) => refuse(res, wire, error, cors));
  }

  const server = http.createServer((req, res) => {
    Promise.resolve()
      .then(() => handle(req, res))
      .catch((error: unknown) => {
        (options.log ?? console.error)('[ensemble] ingest failed', error);
        if (!res.headersSent) {
          // A browser sender still reads the answer (and retries) instead of a CORS failure.
          const caller = access.checkCaller(req);
          const cors = corsHeaders('origin' in caller ? caller.origin : undefined, false);
          send(res, 500, JSON.stringify({ message: 'Internal error' }), 'application/json', cors);
        } else res.destroy();
      });
  });
  server.requestTimeout = 60_000;
  const port = await listen(server, options.port, options.hostname);
  return {
    port,
    url: `http://${options.hostname}:${port}`,
    close: () => closeServer(server),
  };
}
export type IngestServer = Awaited<ReturnType<typeof startIngestServer>>;
