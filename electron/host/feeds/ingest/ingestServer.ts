import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import zlib from 'node:zlib';
import { promisify } from 'node:util';
import { ApiError } from '../../../../shared/api/errors';
import { readBody } from '../../web/body';
import { closeServer, listen } from '../../web/listen';
import { decodeLogsRequest, OtlpFormatError } from './otlp/decode';
import { decodeProtobufRequest, encodeProtobufResponse, encodeProtobufStatus } from './otlp/proto';
import { OverloadedError, type FeedPipeline } from '../store/pipeline';
import { EnvelopeError, parseEnvelope } from './sentry/envelope';
import { SentryEventError, sentryEventToRaw } from './sentry/event';

export const DEFAULT_INGEST_PORT = 4318;
/** Compressed bodies past this are refused before reading on. */
export const MAX_INGEST_BODY = 8 * 1024 * 1024;
/** …and what they may inflate to (a gzip bomb stops here). */
export const MAX_INFLATED_BODY = 32 * 1024 * 1024;

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const brotli = promisify(zlib.brotliDecompress);

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

async function decodedBody(req: IncomingMessage): Promise<Buffer> {
  let raw: Buffer;
  try {
    raw = await readBody(
      req,
      MAX_INGEST_BODY,
      `Bodies are limited to ${MAX_INGEST_BODY / 1024 / 1024} MB`,
    );
  } catch (error) {
    if (error instanceof ApiError) throw new HttpError(413, error.message);
    throw error;
  }
  const encoding = String(req.headers['content-encoding'] ?? 'identity')
    .toLowerCase()
    .trim();
  const options = { maxOutputLength: MAX_INFLATED_BODY };
  try {
    if (encoding === 'gzip' || encoding === 'x-gzip') return await gunzip(raw, options);
    if (encoding === 'deflate') return await inflate(raw, options);
    if (encoding === 'br') return await brotli(raw, options);
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ||
      /Cannot create a Buffer larger/i.test(String(error))
    ) {
      throw new HttpError(413, `Bodies may not inflate past ${MAX_INFLATED_BODY / 1024 / 1024} MB`);
    }
    throw new HttpError(400, `The body is not valid ${encoding}`);
  }
  if (encoding !== 'identity' && encoding !== '')
    throw new HttpError(415, `Unsupported Content-Encoding ${encoding}`);
  return raw;
}

function send(
  res: ServerResponse,
  status: number,
  body: string | Uint8Array,
  type: string,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

export type IngestServerOptions = {
  pipeline: FeedPipeline;
  hostname: string;
  port: number;
  log?: (m: string, e?: unknown) => void;
};

/**
 * The push receivers, on their own port: OTLP/HTTP logs (POST /v1/logs, JSON or protobuf) and a
 * Sentry-compatible endpoint (POST /api/<project>/envelope/ and /store/), so any OpenTelemetry
 * exporter or Sentry SDK can point at Ensemble.
 */
export async function startIngestServer(options: IngestServerOptions) {
  const { pipeline } = options;

  async function otlp(req: IncomingMessage, res: ServerResponse) {
    const type = String(req.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim()
      .toLowerCase();
    const isJson = type === 'application/json';
    const isProto = type === 'application/x-protobuf';
    const fail = (status: number, message: string, headers: Record<string, string> = {}) =>
      isProto
        ? send(
            res,
            status,
            encodeProtobufStatus(status === 400 ? 3 : 14, message),
            'application/x-protobuf',
            headers,
          )
        : send(
            res,
            status,
            JSON.stringify({ code: status === 400 ? 3 : 14, message }),
            'application/json',
            headers,
          );
    if (!isJson && !isProto) {
      return send(
        res,
        415,
        JSON.stringify({
          code: 3,
          message: 'Content-Type must be application/json or application/x-protobuf',
        }),
        'application/json',
      );
    }
    try {
      const body = await decodedBody(req);
      let request: unknown;
      try {
        request = isProto ? decodeProtobufRequest(body) : JSON.parse(body.toString('utf8'));
      } catch {
        throw new HttpError(
          400,
          isProto ? 'The body is not a valid OTLP protobuf message' : 'The body is not valid JSON',
        );
      }
      const decoded = decodeLogsRequest(request, Date.now(), isProto);
      pipeline.ingest('otlp', decoded.events);
      const rejected = decoded.rejected;
      if (isProto)
        return send(
          res,
          200,
          encodeProtobufResponse(rejected, decoded.reason),
          'application/x-protobuf',
        );
      return send(
        res,
        200,
        JSON.stringify(
          rejected > 0
            ? {
                partialSuccess: {
                  rejectedLogRecords: String(rejected),
                  errorMessage: decoded.reason,
                },
              }
            : {},
        ),
        'application/json',
      );
    } catch (error) {
      if (error instanceof OtlpFormatError) return fail(400, error.message);
      if (error instanceof OverloadedError)
        return fail(503, error.message, { 'Retry-After': String(error.retryAfterSeconds) });
      if (error instanceof HttpError) return fail(error.status, error.message, error.headers);
      throw error;
    }
  }

  async function sentry(req: IncomingMessage, res: ServerResponse, kind: 'envelope' | 'store') {
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      send(res, status, JSON.stringify(body), 'application/json', {
        'Access-Control-Allow-Origin': '*',
        ...headers,
      });
    try {
      const body = await decodedBody(req);
      const now = Date.now();
      let eventId: unknown = null;
      const events = [];
      if (kind === 'store') {
        let payload: unknown;
        try {
          payload = JSON.parse(body.toString('utf8'));
        } catch {
          throw new HttpError(400, 'The body is not valid JSON');
        }
        events.push(sentryEventToRaw(payload, now));
        eventId = (payload as { event_id?: unknown }).event_id ?? null;
      } else {
        const envelope = parseEnvelope(body);
        eventId = envelope.header.event_id ?? null;
        for (const item of envelope.items) {
          if (item.type !== 'event') continue; // sessions, client reports, transactions: not errors
          let payload: unknown;
          try {
            payload = JSON.parse(item.payload.toString('utf8'));
          } catch {
            throw new HttpError(400, 'An event item is not valid JSON');
          }
          events.push(sentryEventToRaw(payload, now));
        }
      }
      pipeline.ingest('sentry', events);
      return reply(200, { id: eventId });
    } catch (error) {
      if (error instanceof EnvelopeError || error instanceof SentryEventError)
        return reply(400, { detail: error.message });
      if (error instanceof OverloadedError) {
        return reply(
          429,
          { detail: error.message },
          {
            'Retry-After': String(error.retryAfterSeconds),
            'X-Sentry-Rate-Limits': `${error.retryAfterSeconds}::organization`,
          },
        );
      }
      if (error instanceof HttpError) return reply(error.status, { detail: error.message });
      throw error;
    }
  }

  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    const sentryPath = /^\/api\/[A-Za-z0-9_-]+\/(envelope|store)\/?$/.exec(pathname);
    if (req.method === 'OPTIONS' && (sentryPath || pathname === '/v1/logs')) {
      res.writeHead(204, {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': 'POST',
        'Access-Control-Allow-Headers': 'content-type, content-encoding, x-sentry-auth',
        'Access-Control-Max-Age': '86400',
      });
      return res.end();
    }
    let handling: Promise<void> | null = null;
    if (pathname === '/v1/logs' && req.method === 'POST') handling = otlp(req, res);
    else if (sentryPath && req.method === 'POST')
      handling = sentry(req, res, sentryPath[1] as 'envelope' | 'store');
    if (!handling)
      return send(
        res,
        404,
        JSON.stringify({ message: 'Ensemble ingest: POST /v1/logs or /api/<project>/envelope/' }),
        'application/json',
      );
    handling.catch((error) => {
      (options.log ?? console.error)('[ensemble] ingest failed', error);
      if (!res.headersSent)
        send(res, 500, JSON.stringify({ message: 'Internal error' }), 'application/json');
      else res.destroy();
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
