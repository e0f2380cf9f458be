import type { IncomingMessage, ServerResponse } from 'node:http';
import zlib from 'node:zlib';
import { promisify } from 'node:util';
import { ApiError } from '../../../../shared/api/errors';
import { readBody } from '../../web/body';
import { encodeProtobufStatus } from './otlp/proto';

/** Compressed bodies past this are refused before reading on. */
export const MAX_INGEST_BODY = 8 * 1024 * 1024;
/** …and what they may inflate to (a gzip bomb stops here). */
export const MAX_INFLATED_BODY = 32 * 1024 * 1024;

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const brotli = promisify(zlib.brotliDecompress);
const DECODERS: Record<string, typeof gunzip> = {
  gzip: gunzip,
  'x-gzip': gunzip,
  deflate: inflate,
  br: brotli,
};

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The Content-Encoding, refused (415) before the body is read when it is not one we inflate. */
export function bodyEncoding(req: IncomingMessage): string {
  const encoding = String(req.headers['content-encoding'] ?? 'identity')
    .toLowerCase()
    .trim();
  if (encoding === 'identity' || encoding === '' || encoding in DECODERS) return encoding;
  throw new HttpError(415, `Unsupported Content-Encoding ${encoding.slice(0, 50)}`);
}

/** The whole body, inflated: 413 past the limits, 400 when it does not inflate. */
export async function decodedBody(req: IncomingMessage, encoding: string): Promise<Buffer> {
  let raw: Buffer;
  try {
    raw = await readBody(
      req,
      MAX_INGEST_BODY,
      `Bodies are limited to ${MAX_INGEST_BODY / 1024 / 1024} MB`,
    );
  } catch (error) {
    if (error instanceof ApiError) throw new HttpError(413, error.message, { Connection: 'close' });
    throw error;
  }
  const decode = DECODERS[encoding];
  if (!decode) return raw;
  try {
    return await decode(raw, { maxOutputLength: MAX_INFLATED_BODY });
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ||
      /Cannot create a Buffer larger/i.test(String(error))
    ) {
      throw new HttpError(413, `Bodies may not inflate past ${MAX_INFLATED_BODY / 1024 / 1024} MB`);
    }
    throw new HttpError(400, `The body is not valid ${encoding}`);
  }
}

export function send(
  res: ServerResponse,
  status: number,
  body: string | Uint8Array,
  type: string,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(body);
}

/** google.rpc.Status codes for the HTTP statuses the OTLP receiver answers with. */
const GRPC_CODE: Record<number, number> = {
  400: 3,
  401: 16,
  403: 7,
  413: 3,
  415: 3,
  421: 7,
  429: 8,
};

export type Wire = 'otlp-json' | 'otlp-proto' | 'sentry' | 'other';

/** Which wire format a request speaks, so that even a refusal is answered in it. */
export function wireOf(req: IncomingMessage, route: 'otlp' | 'sentry' | null): Wire {
  if (route === 'sentry') return 'sentry';
  if (route !== 'otlp') return 'other';
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  return type === 'application/x-protobuf' ? 'otlp-proto' : 'otlp-json';
}

/**
 * An error in the client's own format: OTLP's `Status` (protobuf or JSON, as the OTLP/HTTP spec
 * says), Relay's `{"detail": …}` for Sentry SDKs, `{"message": …}` otherwise.
 */
export function sendError(
  res: ServerResponse,
  wire: Wire,
  status: number,
  message: string,
  headers: Record<string, string> = {},
) {
  const code = GRPC_CODE[status] ?? 14;
  if (wire === 'otlp-proto')
    return send(
      res,
      status,
      encodeProtobufStatus(code, message),
      'application/x-protobuf',
      headers,
    );
  const body =
    wire === 'otlp-json'
      ? { code, message }
      : wire === 'sentry'
        ? { detail: message }
        : { message };
  return send(res, status, JSON.stringify(body), 'application/json', headers);
}
