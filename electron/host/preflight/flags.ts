import fs from 'node:fs/promises';
import { FlagdCore } from '@openfeature/flagd-core';
import {
  OFREPApiFetchError,
  OFREPApiTooManyRequestsError,
  OFREPApiUnauthorizedError,
  OFREPApiUnexpectedResponseError,
  OFREPForbiddenError,
} from '@openfeature/ofrep-core';
import { OFREPProvider } from '@openfeature/ofrep-provider';
import type { EvaluationContext, OpenFeatureError } from '@openfeature/server-sdk';
import type { FlagSystem } from '../../../shared/domain/preflight';

/** A flag file larger than this is refused unread (flagd's own files are kilobytes). */
export const MAX_FLAG_FILE = 2 * 1024 * 1024;
/** An OFREP answer larger than this is cut off and refused. */
export const MAX_OFREP_ANSWER = 64 * 1024;
/** Each OFREP request gives up after this long. */
export const OFREP_TIMEOUT_MS = 4_000;

/** The flag for one context: on or off, or why it could not be evaluated. */
export type Evaluation = { on: boolean; detail: string } | { error: string };
/** The flag for every context asked, or why the flag system could not be read at all. */
export type FlagReading =
  { ok: true; results: Evaluation[] } | { ok: false; error: string; retryAfterMs?: number };

const quiet = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {} };

/** Evaluate a boolean flag for each context in the flag system the session names. */
export async function readFlag(
  system: FlagSystem,
  token: string | null,
  flagKey: string,
  contexts: readonly EvaluationContext[],
): Promise<FlagReading> {
  if (system.kind === 'flagd-file') return readFlagdFile(system.path, flagKey, contexts);
  if (system.kind === 'ofrep') return readOfrep(system.baseUrl, token, flagKey, contexts);
  return { ok: false, error: 'No flag system is set up for this session' };
}

async function readFlagdFile(
  file: string,
  flagKey: string,
  contexts: readonly EvaluationContext[],
): Promise<FlagReading> {
  let text: string;
  try {
    const handle = await fs.open(file, 'r');
    try {
      const { size } = await handle.stat();
      if (size > MAX_FLAG_FILE)
        return { ok: false, error: `The flag file ${file} is larger than 2 MB` };
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    return {
      ok: false,
      error: `The flag file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    };
  }
  const core = new FlagdCore(undefined, quiet);
  try {
    core.setConfigurations(text);
  } catch {
    return { ok: false, error: `${file} is not a valid flagd flag file` };
  }
  return {
    ok: true,
    results: contexts.map((context) => {
      const r = core.resolveBooleanEvaluation(flagKey, false, context, quiet);
      if (r.errorCode) return { error: `${r.errorCode}: ${r.errorMessage ?? ''}`.trim() };
      return { on: r.value, detail: `${r.variant ?? 'default'} (${r.reason ?? 'UNKNOWN'})` };
    }),
  };
}

/**
 * fetch for the OFREP provider: no redirects (the token goes to the address given, nowhere
 * else), a timeout, and an answer cut off at MAX_OFREP_ANSWER. Only the headers the provider
 * reads are passed on, each short.
 */
async function boundedFetch(input: Request | string | URL, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  const response = await fetch(request, {
    redirect: 'manual',
    signal: AbortSignal.timeout(OFREP_TIMEOUT_MS),
  });
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel();
    throw new Error(`it redirects (${response.status}); give the address it redirects to`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body) {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > MAX_OFREP_ANSWER) throw new Error('its answer is larger than 64 KB');
      chunks.push(chunk);
    }
  }
  const headers = new Headers();
  for (const name of ['content-type', 'retry-after']) {
    const value = response.headers.get(name);
    if (value !== null && value.length <= 200) headers.set(name, value);
  }
  const body = response.status === 204 ? null : Buffer.concat(chunks);
  return new Response(body, { status: response.status, headers });
}

function causeOf(error: unknown): string {
  const cause = (
    error as { cause?: { cause?: { code?: string }; code?: string; message?: string } }
  ).cause;
  return cause?.cause?.code ?? cause?.code ?? cause?.message ?? 'no answer';
}

async function readOfrep(
  baseUrl: string,
  token: string | null,
  flagKey: string,
  contexts: readonly EvaluationContext[],
): Promise<FlagReading> {
  const where = new URL(baseUrl).origin;
  const provider = new OFREPProvider({
    baseUrl: baseUrl.replace(/\/+$/, ''),
    fetchImplementation: boundedFetch,
    headers: token ? { Authorization: `Bearer ${token}` } : undefined,
  });
  const results: Evaluation[] = [];
  for (const context of contexts) {
    try {
      // The provider puts the key into the path as it is: encode what is not a path character.
      const r = await provider.resolveBooleanEvaluation(
        encodeURIComponent(flagKey),
        false,
        context,
      );
      results.push({ on: r.value, detail: `${r.variant ?? 'default'} (${r.reason ?? 'UNKNOWN'})` });
    } catch (error) {
      if (error instanceof OFREPApiUnauthorizedError)
        return { ok: false, error: `${where} refused the token (401): check the OFREP token` };
      if (error instanceof OFREPForbiddenError)
        return { ok: false, error: `${where} forbids reading this flag with the token (403)` };
      if (error instanceof OFREPApiTooManyRequestsError) {
        const seconds = error.retryAfterSeconds;
        const retryAfterMs =
          error.retryAfterDate !== null
            ? Math.max(0, error.retryAfterDate.getTime() - Date.now())
            : seconds !== null
              ? seconds * 1000
              : 60_000;
        return {
          ok: false,
          error: `${where} is rate-limiting (429): try again in ${Math.ceil(retryAfterMs / 1000)} s`,
          retryAfterMs,
        };
      }
      if (error instanceof OFREPApiFetchError)
        return { ok: false, error: `${where} cannot be reached: ${causeOf(error)}` };
      if (error instanceof OFREPApiUnexpectedResponseError)
        return {
          ok: false,
          error: `${where} did not answer as an OFREP endpoint (HTTP ${error.response?.status ?? '?'})`,
        };
      // An evaluation error (FLAG_NOT_FOUND, TYPE_MISMATCH, …): OpenFeature errors carry a code;
      // ofrep-core throws those of its own copy of @openfeature/core, so match by shape.
      const code = (error as Partial<OpenFeatureError>).code;
      if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) {
        results.push({ error: `${code}: ${(error as Error).message}` });
        continue;
      }
      return { ok: false, error: `${where}: ${(error as Error).message}` };
    }
  }
  return { ok: true, results };
}
