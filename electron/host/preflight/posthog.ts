import type { EvaluationContext } from '@openfeature/server-sdk';
import { PostHog } from 'posthog-node';
import { boundedFetch, causeOf, FLAG_TIMEOUT_MS, refusal } from './flagHttp';
import type { Evaluation, FlagReading } from './flags';

/** The project's flag definitions are cut off and refused past this. */
export const MAX_POSTHOG_ANSWER = 2 * 1024 * 1024;

type Definition = {
  key?: unknown;
  active?: unknown;
  filters?: { aggregation_group_type_index?: unknown };
};
type Definitions = { flags: Definition[]; group_type_mapping?: Record<string, unknown> };
const isDefinitions = (v: unknown): v is Definitions =>
  typeof v === 'object' &&
  v !== null &&
  Array.isArray((v as Definitions).flags) &&
  (v as Definitions).flags.every((f) => typeof f === 'object' && f !== null);

/**
 * What posthog-node may send: the one request for the project's flag definitions, through the
 * bounded fetch. Anything else (events, /flags, remote config) is refused before it leaves, and
 * what the definitions request met is kept for the reason shown.
 */
function guardedFetch(host: string) {
  const seen: { status?: number; retryAfter?: string | null; failure?: string; body?: string } = {};
  const bounded = boundedFetch(MAX_POSTHOG_ANSWER);
  const fetcher = async (url: string, options: object): Promise<Response> => {
    if (!url.startsWith(`${host}/flags/definitions?`)) {
      seen.failure ??= `posthog-node tried to send ${new URL(url).pathname}, which Ensemble refuses`;
      throw new Error('refused by Ensemble');
    }
    try {
      const response = await bounded(url, options as RequestInit);
      seen.status = response.status;
      seen.retryAfter = response.headers.get('retry-after');
      if (response.status !== 200) return response;
      seen.body = await response.text();
      return new Response(seen.body, { status: 200, headers: response.headers });
    } catch (error) {
      seen.failure = `${new URL(host).origin} cannot be reached: ${causeOf(error)}`;
      throw error;
    }
  };
  return { seen, fetcher };
}

/** The tenant as PostHog targets: the distinct id, a person property, and a group of that type. */
function posthogOptions(context: EvaluationContext, contextKey: string) {
  const tenant = String(context.targetingKey ?? '');
  return {
    personProperties: { [contextKey]: tenant },
    groups: { [contextKey]: tenant },
    groupProperties: { [contextKey]: { [contextKey]: tenant } },
    onlyEvaluateLocally: true,
    sendFeatureFlagEvents: false,
  };
}

/** Why the flag cannot be evaluated from these definitions, before asking posthog-node. */
function unusable(defs: Definitions, flagKey: string, contextKey: string): string | null {
  const flag = defs.flags.find((f) => f.key === flagKey);
  if (!flag) return `FLAG_NOT_FOUND: the project has no flag ${flagKey}`;
  const index = flag.filters?.aggregation_group_type_index;
  if (index === undefined || index === null) return null;
  const type = defs.group_type_mapping?.[String(index)];
  if (type === contextKey) return null;
  return `the flag targets groups of type ${typeof type === 'string' ? type : `#${String(index)}`}: set the tenant attribute to that group type`;
}

/**
 * Evaluate the flag for each context with the official posthog-node, locally: one request for
 * the project's flag definitions (personal API key as bearer), no polling, no
 * $feature_flag_called events, nothing else sent; shut down before returning.
 */
export async function readPosthog(
  system: { host: string; projectApiKey: string },
  token: string | null,
  flagKey: string,
  contextKey: string,
  contexts: readonly EvaluationContext[],
): Promise<FlagReading> {
  if (!token)
    return { ok: false, error: 'No PostHog personal API key is kept: enter one in the pre-flight' };
  const host = system.host.replace(/\/+$/, '');
  const where = new URL(host).origin;
  const { seen, fetcher } = guardedFetch(host);
  const client = new PostHog(system.projectApiKey, {
    host,
    personalApiKey: token,
    featureFlagsPollingInterval: null,
    strictLocalEvaluation: true,
    sendFeatureFlagEvent: false,
    enableExceptionAutocapture: false,
    disableGeoip: true,
    requestTimeout: FLAG_TIMEOUT_MS,
    fetchRetryCount: 0,
    fetch: fetcher as never,
  });
  client.on('error', () => {});
  try {
    await client.reloadFeatureFlags();
    if (seen.status !== undefined && seen.status !== 200)
      return refusal(
        where,
        seen.status,
        'the personal API key',
        `no PostHog flag definitions at ${host}; give the project's PostHog address, e.g. https://us.posthog.com`,
        seen.retryAfter,
      );
    if (seen.body === undefined)
      return { ok: false, error: seen.failure ?? `${where} did not answer` };
    let defs: unknown;
    try {
      defs = JSON.parse(seen.body);
    } catch {
      defs = null;
    }
    if (!isDefinitions(defs))
      return { ok: false, error: `${where} did not answer with PostHog flag definitions` };
    const reason = unusable(defs, flagKey, contextKey);
    if (reason) return { ok: true, results: contexts.map(() => ({ error: reason })) };
    const results: Evaluation[] = [];
    for (const context of contexts) {
      const distinctId = String(context.targetingKey ?? '');
      const r = await client.getFeatureFlagResult(
        flagKey,
        distinctId,
        posthogOptions(context, contextKey),
      );
      if (r === undefined)
        results.push({
          error: `not evaluable locally (experience continuity, a static cohort, or an unknown operator)`,
        });
      else if (r.reasonCode === 'flag_disabled')
        results.push({ on: false, detail: 'the flag is disabled' });
      else
        results.push({
          on: r.enabled,
          detail: r.variant
            ? `variant ${r.variant}`
            : r.enabled
              ? 'a condition matches'
              : 'no condition matches',
        });
    }
    return { ok: true, results };
  } finally {
    await client.shutdown(FLAG_TIMEOUT_MS);
  }
}
