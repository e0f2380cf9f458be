import { once } from 'node:events';
import type { EvaluationContext } from '@openfeature/server-sdk';
import { InMemStorageProvider, Unleash, UnleashEvents, type Context } from 'unleash-client';
import { boundedFetch, causeOf, refusal } from './flagHttp';
import type { Evaluation, FlagReading } from './flags';

/** The client API's answer is cut off and refused past this (it is asked for one flag's name). */
export const MAX_UNLEASH_ANSWER = 1024 * 1024;
const APP_NAME = 'ensemble-preflight';
/** The client-specification version whose payload (segments included) unleash-client 6 reads. */
const CLIENT_SPEC = '5.2.0';
/** Fields of the Unleash context itself; any other tenant attribute goes into `properties`. */
const STANDARD_FIELDS = new Set(['userId', 'sessionId', 'remoteAddress']);

/** The API address the SDKs take: …/api, added when the address given stops before it. */
export function unleashApi(url: string): string {
  const base = url.replace(/\/+$/, '');
  return /\/api$/.test(base) ? base : `${base}/api`;
}

/**
 * The tenant in an Unleash context: `userId` is the tenant (as OpenFeature's targetingKey, so
 * "default" stickiness in a gradual rollout hashes per tenant), and the tenant attribute is a
 * custom context field (`properties.<key>`, what constraints and custom stickiness read), or the
 * standard field of that name.
 */
export function unleashContext(context: EvaluationContext, contextKey: string): Context {
  const tenant = String(context.targetingKey ?? '');
  if (STANDARD_FIELDS.has(contextKey)) return { userId: tenant, [contextKey]: tenant };
  return { userId: tenant, properties: { [contextKey]: tenant } };
}

type Payload = { features: Array<{ name?: unknown; enabled?: unknown }>; segments?: unknown[] };
const isPayload = (v: unknown): v is Payload =>
  typeof v === 'object' &&
  v !== null &&
  Array.isArray((v as Payload).features) &&
  (v as Payload).features.every((f) => typeof f === 'object' && f !== null) &&
  ((v as Payload).segments === undefined || Array.isArray((v as Payload).segments));

/** GET {api}/client/features?namePrefix={flag}, as Unleash's client API documents it. */
async function fetchFeatures(
  api: string,
  token: string,
  flagKey: string,
): Promise<{ ok: true; payload: Payload } | { ok: false; error: string; retryAfterMs?: number }> {
  const where = new URL(api).origin;
  let response: Response;
  try {
    response = await boundedFetch(MAX_UNLEASH_ANSWER)(
      `${api}/client/features?namePrefix=${encodeURIComponent(flagKey)}`,
      {
        headers: {
          Accept: 'application/json',
          Authorization: token,
          'Unleash-AppName': APP_NAME,
          'Unleash-Client-Spec': CLIENT_SPEC,
        },
      },
    );
  } catch (error) {
    return { ok: false, error: `${where} cannot be reached: ${causeOf(error)}` };
  }
  if (response.status !== 200)
    return refusal(
      where,
      response.status,
      'the client token',
      `no Unleash client API at ${api}; give the API address, e.g. https://unleash.example.com/api`,
      response.headers.get('retry-after'),
    );
  let payload: unknown;
  try {
    payload = JSON.parse(await response.text());
  } catch {
    payload = null;
  }
  if (!isPayload(payload))
    return {
      ok: false,
      error: `${where} did not answer as Unleash's client API (no features list)`,
    };
  return { ok: true, payload };
}

/**
 * Evaluate the flag for each context with the official unleash-client, fed the features just
 * fetched: no polling (refreshInterval 0), no metrics or registration, toggles kept in memory
 * (no backup file), destroyed before returning.
 */
export async function readUnleash(
  url: string,
  token: string | null,
  flagKey: string,
  contextKey: string,
  contexts: readonly EvaluationContext[],
): Promise<FlagReading> {
  const api = unleashApi(url);
  if (!token)
    return { ok: false, error: 'No Unleash client token is kept: enter one in the pre-flight' };
  const fetched = await fetchFeatures(api, token, flagKey);
  if (!fetched.ok) return fetched;
  const feature = fetched.payload.features.find((f) => f.name === flagKey);
  if (!feature)
    return {
      ok: true,
      results: contexts.map(() => ({
        error: `FLAG_NOT_FOUND: Unleash has no flag ${flagKey} for this token's project and environment`,
      })),
    };
  const unleash = new Unleash({
    appName: APP_NAME,
    url: api,
    refreshInterval: 0,
    disableMetrics: true,
    disableAutoStart: true,
    skipInstanceCountWarning: true,
    storageProvider: new InMemStorageProvider(),
    bootstrap: {
      data: fetched.payload.features as never,
      segments: fetched.payload.segments as never,
    },
  });
  const problems: string[] = [];
  unleash.on(UnleashEvents.Error, (e: Error) => problems.push(e.message));
  unleash.on(UnleashEvents.Warn, () => {});
  try {
    const ready = once(unleash, UnleashEvents.Ready);
    await unleash.start();
    await ready;
    const disabled = feature.enabled === false;
    return {
      ok: true,
      results: contexts.map((context): Evaluation => {
        try {
          const on = unleash.isEnabled(flagKey, unleashContext(context, contextKey), false);
          if (problems.length > 0) return { error: `Unleash: ${problems[0]}` };
          return {
            on,
            detail: on
              ? 'a strategy matches'
              : disabled
                ? 'the flag is disabled in this environment'
                : 'no strategy matches',
          };
        } catch (error) {
          return { error: `Unleash: ${(error as Error).message}` };
        }
      }),
    };
  } finally {
    unleash.destroy();
  }
}
