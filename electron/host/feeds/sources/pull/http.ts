import type { RawFeedEvent } from '../../../../../shared/domain/feeds';

/** One event fetched from an API, with the key it is de-duplicated by across overlapping polls. */
export type Pulled = RawFeedEvent & { key: string };
export type PullWindow = { from: number; to: number };
export type Fetcher = (
  window: PullWindow,
  signal: AbortSignal,
) => Promise<{
  events: Pulled[];
  resumeFrom?: number;
  /** Set when the API had more than one poll may read: that window is marked as a gap. */
  incomplete?: string;
}>;

/** The API said "too many requests": wait as long as it asks, then ask for the same window. */
export class RateLimitedError extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`Rate limited; retrying in ${Math.ceil(retryAfterMs / 1000)} s`);
  }
}
/** Anything else that made a poll fail; its message is shown as the source's status. */
export class PullError extends Error {}

/**
 * Retry-After in seconds or as an HTTP date (RFC 9110), in ms, at most an hour; null when it is
 * absent, blank or unreadable (each caller has its own fallback). Also used by the pre-flight.
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds, 3600) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.min(Math.max(date - now, 0), 3_600_000);
}

/** Retry-After, else a fallback header, else 30 s. */
export const retryAfterMs = (headers: Headers, now = Date.now()): number =>
  parseRetryAfter(headers.get('retry-after') ?? headers.get('x-ratelimit-reset'), now) ?? 30_000;

const describe = (status: number) =>
  status === 401 || status === 403
    ? 'the credentials were refused'
    : status === 404
      ? 'the address or organization was not found'
      : status >= 500
        ? 'the service is unavailable'
        : 'the request was refused';

/** fetch() that turns every failure into a RateLimitedError or a PullError with a readable message. */
export async function fetchJson(
  url: string,
  init: RequestInit & { signal: AbortSignal },
  service: string,
): Promise<{ body: unknown; headers: Headers }> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      redirect: 'error', // credentials never follow a redirect elsewhere
      signal: AbortSignal.any([init.signal, AbortSignal.timeout(15_000)]),
    });
  } catch (error) {
    if (init.signal.aborted) throw error;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason =
      (error as Error).name === 'TimeoutError'
        ? 'no answer within 15 s'
        : (cause?.code ?? cause?.message ?? (error as Error).message);
    throw new PullError(`${service} cannot be reached (${reason})`);
  }
  if (response.status === 429) {
    await response.body?.cancel();
    throw new RateLimitedError(retryAfterMs(response.headers));
  }
  const text = await response.text();
  if (!response.ok) {
    const detail = text.slice(0, 200).replace(/\s+/g, ' ').trim();
    throw new PullError(
      `${service} answered HTTP ${response.status}: ${describe(response.status)}${detail ? ` (${detail})` : ''}`,
    );
  }
  try {
    return { body: JSON.parse(text), headers: response.headers };
  } catch {
    throw new PullError(`${service} answered with something that is not JSON`);
  }
}

/** Nested objects as dotted keys ({tenant: {id: 'x'}} → tenant.id), the way the tenant key is written. */
export function flatten(
  value: unknown,
  prefix = '',
  out: Record<string, string | number | boolean> = {},
  depth = 0,
): Record<string, string | number | boolean> {
  if (value === null || value === undefined) return out;
  if (typeof value === 'object' && !Array.isArray(value) && depth < 6) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      flatten(v, prefix ? `${prefix}.${k}` : k, out, depth + 1);
    return out;
  }
  if (!prefix) return out;
  out[prefix] =
    typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? value
      : JSON.stringify(value);
  return out;
}

export const asObject = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
export const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** A value in a `key:value` search (Datadog, Sentry): bare when simple, else quoted and escaped. */
export const searchValue = (v: string) =>
  /^[\w.:/-]+$/.test(v) ? v : `"${v.replace(/(["\\])/g, '\\$1')}"`;
