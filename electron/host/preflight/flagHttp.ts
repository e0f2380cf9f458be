/**
 * How the pre-flight talks to a flag service over HTTP: no redirects (a token goes to the address
 * given, nowhere else), a timeout, an answer cut off at a size cap, and a clear reason for each
 * status a flag service answers.
 */
import { parseRetryAfter } from '../feeds/sources/pull/http';

/** Each request to a flag service gives up after this long. */
export const FLAG_TIMEOUT_MS = 4_000;

/**
 * A fetch that follows no redirect, gives up after FLAG_TIMEOUT_MS and refuses an answer larger
 * than `maxBytes` (read in chunks, so a huge answer is never held whole). Only the headers flag
 * clients read are passed on, each short.
 */
export function boundedFetch(maxBytes: number) {
  const limit =
    maxBytes >= 1024 * 1024 ? `${maxBytes / (1024 * 1024)} MB` : `${maxBytes / 1024} KB`;
  return async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const signal = AbortSignal.any([
      AbortSignal.timeout(FLAG_TIMEOUT_MS),
      ...(init?.signal ? [init.signal] : []),
    ]);
    const response = await fetch(request, { redirect: 'manual', signal });
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      throw new Error(`it redirects (${response.status}); give the address it redirects to`);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    if (response.body) {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        size += chunk.byteLength;
        if (size > maxBytes) throw new Error(`its answer is larger than ${limit}`);
        chunks.push(chunk);
      }
    }
    const headers = new Headers();
    for (const name of ['content-type', 'retry-after', 'etag']) {
      const value = response.headers.get(name);
      if (value !== null && value.length <= 200) headers.set(name, value);
    }
    const body = response.status === 204 || response.status === 304 ? null : Buffer.concat(chunks);
    return new Response(body, { status: response.status, headers });
  };
}

/** Why a request never got an answer: the socket's code (ECONNREFUSED, …) or the message. */
export function causeOf(error: unknown): string {
  if ((error as Error).name === 'TimeoutError')
    return `no answer within ${FLAG_TIMEOUT_MS / 1000} s`;
  const cause = (
    error as { cause?: { cause?: { code?: string }; code?: string; message?: string } }
  ).cause;
  return cause?.cause?.code ?? cause?.code ?? cause?.message ?? (error as Error).message;
}

/** Retry-After in seconds or as an HTTP date; 60 s when the service does not say. */
export const retryAfterMs = (value: string | null, now = Date.now()): number =>
  parseRetryAfter(value, now) ?? 60_000;

/** A flag service's refusal, as the pre-flight shows it. */
export type Refusal = { ok: false; error: string; retryAfterMs?: number };

/**
 * The reason for a status other than 200: `where` is the service's origin, `credential` names
 * what was sent (e.g. "the client token"), `notFound` what a 404 most likely means.
 */
export function refusal(
  where: string,
  status: number,
  credential: string,
  notFound: string,
  retryAfter: string | null = null,
): Refusal {
  if (status === 401) return { ok: false, error: `${where} refused ${credential} (401)` };
  if (status === 403)
    return { ok: false, error: `${where} forbids reading flags with ${credential} (403)` };
  if (status === 404) return { ok: false, error: `${where} answered 404: ${notFound}` };
  if (status === 429) {
    const wait = retryAfterMs(retryAfter);
    return {
      ok: false,
      error: `${where} is rate-limiting (429): try again in ${Math.ceil(wait / 1000)} s`,
      retryAfterMs: wait,
    };
  }
  return {
    ok: false,
    error: `${where} answered HTTP ${status}${status >= 500 ? ': the service is unavailable' : ''}`,
  };
}
