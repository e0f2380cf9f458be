import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const newToken = (): string => crypto.randomBytes(24).toString('base64url');

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
};

/** The session token from `Authorization: Bearer …` or `X-Ensemble-Token` (API calls). */
export function headerToken(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  const header = req.headers['x-ensemble-token'];
  return typeof header === 'string' ? header : undefined;
}

export const tokenMatches = (expected: string, given: string | null | undefined): boolean =>
  typeof given === 'string' && sameSecret(expected, given);

/**
 * The full token opens everything; the pipeline token (null: none) reads only the gate, the
 * decision record and the schema.
 */
export type Tokens = { full: string; pipeline: string | null };
export type TokenScope = 'full' | 'pipeline';

export function tokenScope(tokens: Tokens, given: string | null | undefined): TokenScope | null {
  if (tokenMatches(tokens.full, given)) return 'full';
  if (tokens.pipeline !== null && tokenMatches(tokens.pipeline, given)) return 'pipeline';
  return null;
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
export const isLoopback = (host: string) =>
  LOOPBACK_NAMES.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);

/**
 * When bound to loopback, only requests addressed to a loopback name are served: a page on
 * another site that rebinds its DNS name to 127.0.0.1 gets 421, never the API or the token.
 */
export function hostAllowed(req: IncomingMessage, boundHost: string): boolean {
  if (!isLoopback(boundHost)) return true;
  const host = req.headers.host;
  if (!host) return false;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
  return isLoopback(name);
}

/** A browser's WebSocket carries an Origin; it must be this server's own. */
export function originAllowed(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true; // not a browser (curl, scripts): the token alone decides
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
