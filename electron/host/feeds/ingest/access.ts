import type { IncomingMessage } from 'node:http';
import { hostAllowed, tokenMatches } from '../../web/auth';

export type AccessOptions = {
  /** The address the receivers are bound to (Host-header check, as on the app port). */
  hostname: string;
  /** The install's ingest key; null: none (the desktop app). */
  key: string | null;
  /** --allow-remote: every request must carry the key; any Host is served. */
  requireKey: boolean;
  /** Browser origins allowed to send: the union over the sessions being watched. */
  allowedOrigins: () => ReadonlySet<string>;
  now?: () => number;
};

export type Refusal = { status: number; message: string; headers?: Record<string, string> };

/** Failed key attempts per address before it is refused for the rest of the window. */
export const MAX_KEY_FAILURES = 10;
export const KEY_FAILURE_WINDOW_MS = 60_000;
/** Addresses remembered at once; a flood of new ones forgets the oldest. */
const MAX_TRACKED = 10_000;

const ALLOWED_HEADERS = 'authorization, content-type, content-encoding, x-sentry-auth';

/**
 * The key in any of the standard places: `Authorization: Bearer <key>` (what
 * OTEL_EXPORTER_OTLP_HEADERS=Authorization=Bearer%20<key> sends), Sentry's
 * `X-Sentry-Auth: Sentry sentry_key=<key>, …` header, or its `sentry_key` query parameter
 * (what Sentry's JavaScript SDKs send).
 */
export function presentedKeys(req: IncomingMessage, query: URLSearchParams): string[] {
  const keys: string[] = [];
  const auth = req.headers.authorization;
  if (auth) {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (bearer) keys.push(bearer[1]!);
  }
  for (const header of [req.headers['x-sentry-auth'], auth]) {
    if (typeof header !== 'string' || !/^Sentry\s/i.test(header)) continue;
    // One quantifier per run of spaces: `^Sentry\s+\s*` backtracked quadratically on a header
    // of spaces (16 KB, Node's header limit, took 170 ms on a port anyone can reach).
    const key = /(?:^Sentry|,)\s*sentry_key\s*=\s*([^,\s]+)/i.exec(header);
    if (key) keys.push(key[1]!);
  }
  const fromQuery = query.get('sentry_key');
  if (fromQuery) keys.push(fromQuery);
  return keys;
}

/**
 * Who may write to the ingest port: a browser page only from an allowed origin (a request from
 * any other is refused before its body is read), Host names as on the app port unless remote
 * access is on, and with remote access only holders of the key, failed attempts rate-limited.
 */
export function createIngestAccess(options: AccessOptions) {
  const now = options.now ?? Date.now;
  const failures = new Map<string, { count: number; until: number }>();

  function lockedFor(address: string): number {
    const entry = failures.get(address);
    if (!entry) return 0;
    const left = entry.until - now();
    if (left <= 0) {
      failures.delete(address);
      return 0;
    }
    return entry.count >= MAX_KEY_FAILURES ? left : 0;
  }

  function recordFailure(address: string) {
    const entry = failures.get(address);
    if (entry && entry.until > now()) {
      entry.count++;
      return;
    }
    failures.delete(address);
    if (failures.size >= MAX_TRACKED) {
      for (const [a, e] of failures) if (e.until <= now()) failures.delete(a);
      if (failures.size >= MAX_TRACKED) failures.delete(failures.keys().next().value!);
    }
    failures.set(address, { count: 1, until: now() + KEY_FAILURE_WINDOW_MS });
  }

  /** The browser origin of the request when it is allowed; undefined when none was sent. */
  function originOf(req: IncomingMessage): string | undefined | Refusal {
    const origin = req.headers.origin;
    if (origin === undefined) return undefined; // not a browser: SDKs, collectors, curl
    if (options.allowedOrigins().has(origin)) return origin;
    return {
      status: 403,
      message: `Origin ${origin.slice(0, 200)} may not send events; add it to a session's allowed origins`,
    };
  }

  return {
    /** Host and Origin, checked before anything else; preflights stop here. */
    checkCaller(req: IncomingMessage): Refusal | { origin: string | undefined } {
      if (!options.requireKey && !hostAllowed(req, options.hostname))
        return { status: 421, message: 'This port answers only to a loopback host name' };
      const origin = originOf(req);
      if (typeof origin === 'object') return origin;
      return { origin };
    },

    /** The key, when one is needed; wrong keys count against the address. */
    checkKey(req: IncomingMessage, query: URLSearchParams): Refusal | null {
      if (!options.requireKey) return null;
      const address = req.socket.remoteAddress ?? 'unknown';
      const locked = lockedFor(address);
      if (locked > 0) {
        const seconds = String(Math.ceil(locked / 1000));
        return {
          status: 429,
          message: 'Too many attempts with a wrong ingest key; retry later',
          headers: { 'Retry-After': seconds, 'X-Sentry-Rate-Limits': `${seconds}::organization` },
        };
      }
      const key = options.key;
      const given = presentedKeys(req, query);
      // Every candidate is compared, so the time taken does not say which place held a match.
      let ok = false;
      for (const g of given) if (key !== null && tokenMatches(key, g)) ok = true;
      if (ok) return null;
      recordFailure(address);
      return {
        status: 401,
        message:
          given.length === 0
            ? 'An ingest key is required: Authorization: Bearer <key> or the Sentry DSN key'
            : 'Wrong ingest key',
      };
    },
  };
}

/** CORS answers only ever name the allowed origin that asked, never `*`. */
export function corsHeaders(
  origin: string | undefined,
  preflight: boolean,
): Record<string, string> {
  const headers: Record<string, string> = { Vary: 'Origin' };
  if (!origin) return headers;
  headers['Access-Control-Allow-Origin'] = origin;
  headers['Access-Control-Expose-Headers'] = 'Retry-After, X-Sentry-Rate-Limits';
  if (preflight) {
    headers['Access-Control-Allow-Methods'] = 'POST';
    headers['Access-Control-Allow-Headers'] = ALLOWED_HEADERS;
    headers['Access-Control-Max-Age'] = '600';
  }
  return headers;
}
