import { FLAG, flagOn } from './shop';

/** At most this much of a request body is read. */
export const MAX_BODY = 64 * 1024;

/**
 * The shop's flag service, as OFREP describes it (`POST /ofrep/v1/evaluate/flags/{key}` with
 * `{"context": {...}}`), so that a pre-flight can read the flag where the shop reads it: on for
 * the tenant named by `tenant` (or the targeting key) when it is the internal one.
 */
export function ofrepAnswer(key: string, body: string): { status: number; body: unknown } {
  let context: Record<string, unknown>;
  try {
    const parsed = JSON.parse(body || '{}') as { context?: unknown };
    if (parsed.context !== undefined && (typeof parsed.context !== 'object' || !parsed.context))
      return {
        status: 400,
        body: { key, errorCode: 'INVALID_CONTEXT', errorDetails: 'context must be an object' },
      };
    context = (parsed.context ?? {}) as Record<string, unknown>;
  } catch {
    return {
      status: 400,
      body: { key, errorCode: 'PARSE_ERROR', errorDetails: 'Body is not JSON' },
    };
  }
  if (key !== FLAG)
    return {
      status: 404,
      body: { key, errorCode: 'FLAG_NOT_FOUND', errorDetails: `flag ${key} not found` },
    };
  const tenant = context.tenant ?? context.targetingKey;
  if (typeof tenant !== 'string')
    return {
      status: 400,
      body: {
        key,
        errorCode: 'TARGETING_KEY_MISSING',
        errorDetails: 'Name the tenant as targetingKey or tenant',
      },
    };
  const on = flagOn(tenant);
  return {
    status: 200,
    body: { key, value: on, reason: 'TARGETING_MATCH', variant: on ? 'on' : 'off', metadata: {} },
  };
}
