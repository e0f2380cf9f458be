import {
  OFREPApiFetchError,
  OFREPApiTooManyRequestsError,
  OFREPApiUnauthorizedError,
  OFREPApiUnexpectedResponseError,
  OFREPForbiddenError,
} from '@openfeature/ofrep-core';
import { OFREPProvider } from '@openfeature/ofrep-provider';
import type { EvaluationContext, OpenFeatureError } from '@openfeature/server-sdk';
import { boundedFetch, causeOf } from './flagHttp';
import type { Evaluation, FlagReading } from './flags';

/** An OFREP answer larger than this is cut off and refused. */
export const MAX_OFREP_ANSWER = 64 * 1024;

export async function readOfrep(
  baseUrl: string,
  token: string | null,
  flagKey: string,
  contexts: readonly EvaluationContext[],
): Promise<FlagReading> {
  const where = new URL(baseUrl).origin;
  const provider = new OFREPProvider({
    baseUrl: baseUrl.replace(/\/+$/, ''),
    fetchImplementation: boundedFetch(MAX_OFREP_ANSWER),
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
