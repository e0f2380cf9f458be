/**
 * Web mode's HTTP routes, declared once for the server that answers them and the web transport
 * that calls them. Most of the API is `POST /api/<method>` with a JSON body; the rest are the
 * raw routes below (bytes instead of JSON, or a GET a pipeline or an <img> can use).
 */
import type { MethodName } from './methods';

const API_METHOD = /^\/api\/([a-zA-Z]+\.[a-zA-Z]+)$/;
const SCREENSHOT = /^\/api\/screenshots\/([0-9A-Z]{26})\/([0-9a-f]{64})$/;
const DECISION = /^\/api\/sessions\/([^/]{1,100})\/decision$/;
const GATE = /^\/api\/sessions\/([^/]{1,100})\/gate$/;
const DECISION_JWS = /^\/api\/sessions\/([^/]{1,100})\/decision\.jws$/;
const PRINTED = /^\/print\/([A-Za-z0-9_-]{32})$/;
const JOIN_STATUS = /^\/api\/join\/([A-Za-z0-9_-]{43})$/;

/** A malformed %-escape is the caller's mistake (400 by validation), not a crash. */
const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

export const ROUTES = {
  /** Liveness, without a token. */
  health: { verb: 'GET', path: '/api/health' },
  /** Host events over a WebSocket; the token goes in the query (browsers cannot set headers). */
  events: {
    path: '/api/events',
    tokenParam: 'token',
    /** The close code of a page whose personal link stopped working (HTTP's 401, as 4xxx). */
    revokedClose: 4401,
  },
  /** Any API method: POST, JSON arguments in, the envelope out. */
  call: {
    verb: 'POST',
    path: (method: MethodName) => `/api/${method}`,
    match: (pathname: string) => API_METHOD.exec(pathname)?.[1] ?? null,
  },
  /** `screenshots.upload`: the image as the raw body, the session in the query. */
  screenshotUpload: {
    verb: 'POST',
    method: 'screenshots.upload',
    path: (sessionId: string) =>
      `/api/screenshots.upload?sessionId=${encodeURIComponent(sessionId)}`,
    match: (pathname: string) => pathname === '/api/screenshots.upload',
  },
  /** `screenshots.get`: the image bytes with their type, cacheable for good (content hash). */
  screenshot: {
    verb: 'GET',
    method: 'screenshots.get',
    path: (sessionId: string, hash: string) =>
      `/api/screenshots/${encodeURIComponent(sessionId)}/${encodeURIComponent(hash)}`,
    match: (pathname: string) => {
      const m = SCREENSHOT.exec(pathname);
      return m ? { sessionId: m[1]!, hash: m[2]! } : null;
    },
  },
  /** The decision record for a pipeline gate (`exports.render` as JSON). */
  decision: {
    verb: 'GET',
    path: (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}/decision`,
    match: (pathname: string) => {
      const m = DECISION.exec(pathname);
      return m ? { sessionId: decode(m[1]!) } : null;
    },
  },
  /**
   * The pipeline gate (`decision.gate`): GET with `?expect=promote&stage=KEY`, or POST with a
   * Flagger webhook body (its token in `metadata.token`); the outcome is the status code.
   */
  gate: {
    verbs: ['GET', 'HEAD', 'POST'],
    path: (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}/gate`,
    match: (pathname: string) => {
      const m = GATE.exec(pathname);
      return m ? { sessionId: decode(m[1]!) } : null;
    },
  },
  /** The latest signed record as a compact JWS (`exports.render` as jws); 404 until signed. */
  decisionJws: {
    verb: 'GET',
    path: (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}/decision.jws`,
    match: (pathname: string) => {
      const m = DECISION_JWS.exec(pathname);
      return m ? { sessionId: decode(m[1]!) } : null;
    },
  },
  /** The public keys that verify signed records, a JWK Set (`decision.keys`), without a token. */
  keys: { verb: 'GET', path: '/api/keys' },
  /**
   * Join requests, without a token: POST a request (JoinRequestInput) and get the requester's
   * secret; GET /api/join/<secret> says whether the facilitator admitted (with the link, once)
   * or refused it.
   */
  join: { verb: 'POST', path: '/api/join' },
  joinStatus: {
    verb: 'GET',
    path: (secret: string) => `/api/join/${encodeURIComponent(secret)}`,
    match: (pathname: string) => JOIN_STATUS.exec(pathname)?.[1] ?? null,
  },
  /** The published decision-record JSON Schema, without a token (it holds no data). */
  schema: { verb: 'GET', path: '/api/schema/decision-record.v1.json' },
  /** A printable report, once, from a one-time ticket (`exports.print` in web mode). */
  printed: {
    verb: 'GET',
    path: (ticket: string) => `/print/${ticket}`,
    match: (pathname: string) => PRINTED.exec(pathname)?.[1] ?? null,
  },
} as const;
