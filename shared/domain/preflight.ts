import { z } from 'zod';
import { Id, requiredText } from './common';
import { ApiUrl } from './feeds';

/**
 * The pre-flight: before a session starts, the flag really is on for the internal tenant only,
 * the feeds are live, and the team has agreed the guardrails. Run in Prepare, again at Start,
 * stored with the session and carried into the decision record.
 */

/**
 * Where the flag's state is read from. Credentials (the OFREP token, the Unleash client token,
 * the PostHog personal API key) are never part of this: the host keeps them.
 */
export const FlagSystem = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  /** A flagd flag file on the host's disk, evaluated with the real flagd-core. */
  z
    .object({
      kind: z.literal('flagd-file'),
      path: requiredText('Flag file', 1000).refine((p) => !p.includes('\0'), 'Not a file path'),
    })
    .strict(),
  /** An OFREP evaluation endpoint (flagd, GO Feature Flag, …): POST {baseUrl}/ofrep/v1/evaluate/flags/{key}. */
  z
    .object({
      kind: z.literal('ofrep'),
      baseUrl: requiredText('OFREP address', 500).refine((u) => {
        try {
          const url = new URL(u);
          return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username;
        } catch {
          return false;
        }
      }, 'An http:// or https:// address without a user name, e.g. http://127.0.0.1:8016'),
    })
    .strict(),
  /**
   * Unleash's client API, read like a server-side SDK: GET {url}/client/features with a client
   * token, strategies evaluated locally by the official unleash-client. `url` is the API address
   * the SDKs take (https://unleash.example.com/api); /api is added when missing.
   */
  z.object({ kind: z.literal('unleash'), url: ApiUrl }).strict(),
  /**
   * PostHog, read by the official posthog-node with local evaluation: the flag definitions of the
   * project named by its project API key (public, phc_…), fetched with a personal API key (phx_…)
   * or a project secret key (phs_…), which the host keeps.
   */
  z
    .object({
      kind: z.literal('posthog'),
      host: ApiUrl,
      projectApiKey: z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9_-]{1,200}$/, "The project API key (phc_…) from the project's settings"),
    })
    .strict(),
]);
/** The flag systems that send a credential the host keeps. */
export const TOKEN_KINDS = ['ofrep', 'unleash', 'posthog'] as const;
export type FlagSystem = z.infer<typeof FlagSystem>;

export const PreflightSettings = z
  .object({
    flagSystem: FlagSystem,
    /**
     * The evaluation-context attribute that names the tenant (beside targetingKey): the pre-flight
     * reads the flag with it and the flagd export targets it. flagd (json-logic `var`) reads a
     * dotted name as a path, so `tenant.id` means { "tenant": { "id": … } } there: see
     * tenantContext.
     */
    contextKey: z
      .string()
      .trim()
      .regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/, 'A context attribute name such as tenant or orgId'),
    /** Other tenants the flag must be off for (or at the stage's share), beside synthetic ones. */
    controlTenants: z.array(requiredText('Tenant', 200)).max(10, 'At most ten control tenants'),
  })
  .strict();
export type PreflightSettings = z.infer<typeof PreflightSettings>;
export const DEFAULT_PREFLIGHT_SETTINGS: PreflightSettings = {
  flagSystem: { kind: 'none' },
  contextKey: 'tenant',
  controlTenants: [],
};

/**
 * The tenant's part of a flagd evaluation context: json-logic reads `{"var": "tenant.id"}` as a
 * path, so a dotted attribute nests (a flat "tenant.id" key would evaluate as missing).
 */
export function tenantContext(attribute: string, tenant: string): Record<string, unknown> {
  let value: unknown = tenant;
  for (const part of attribute.split('.').reverse()) value = { [part]: value };
  return value as Record<string, unknown>;
}

export const GUARDRAIL_TEMPLATE: readonly string[] = [
  'We use synthetic test accounts, tagged as test accounts',
  'No real payments or orders with personal cards (that then get cancelled)',
  'Test traffic is filtered out of analytics',
  'No destructive or load tests against production',
  'The flag is on for the internal tenant only',
];

export const Tick = z.object({
  participantId: Id,
  name: z.string(),
  at: z.number().int(),
});
export const GuardrailItem = z.object({
  id: z.string().regex(/^g[0-9]{1,3}$/),
  text: z.string(),
  tick: Tick.nullable(),
});
export type GuardrailItem = z.infer<typeof GuardrailItem>;

export const CHECK_STATUSES = ['pass', 'fail', 'unknown'] as const;
export const CheckStatus = z.enum(CHECK_STATUSES);
export type CheckStatus = z.infer<typeof CheckStatus>;

/** One line of the pre-flight's result. */
export const PreflightCheck = z.object({
  /** flag.internal, flag.control, feeds.<sourceId>, feeds.events, guardrail.<id> */
  key: z.string(),
  label: z.string(),
  status: CheckStatus,
  detail: z.string(),
  checkedAt: z.number().int(),
});
export type PreflightCheck = z.infer<typeof PreflightCheck>;

export const PreflightOverride = z.object({
  participantId: Id,
  name: z.string(),
  reason: z.string(),
  at: z.number().int(),
  /** The keys of the checks that blocked Start when the override was made. */
  items: z.array(z.string()),
});
export type PreflightOverride = z.infer<typeof PreflightOverride>;

export const PreflightResult = z.object({
  ranAt: z.number().int(),
  /** Why it ran: from Prepare, or again at Start. */
  trigger: z.enum(['prepare', 'start']),
  checks: z.array(PreflightCheck),
});
export type PreflightResult = z.infer<typeof PreflightResult>;

/** What `preflight.get` answers: never a credential, only whether one is kept. */
export const PreflightState = z.object({
  sessionId: Id,
  settings: PreflightSettings,
  hasToken: z.boolean(),
  checklist: z.array(GuardrailItem),
  result: PreflightResult.nullable(),
  override: PreflightOverride.nullable(),
  /** The checks that stop Start now (failed, or unknown on a session that names a flag). */
  blocking: z.array(z.string()),
});
export type PreflightState = z.infer<typeof PreflightState>;

export const ChecklistInput = z
  .array(requiredText('Guardrail', 300))
  .max(30, 'At most 30 guardrails');

export const OverrideInput = z
  .object({
    sessionId: Id,
    participantId: Id,
    reason: requiredText('Reason', 1000).refine(
      (r) => r.length >= 10,
      'Say why in a few words (at least 10 characters)',
    ),
  })
  .strict();

/**
 * Which checks stop Start. A failed check always does. On a session that names a flag (it tests
 * a change in production), a check that could not be made does too: missing evidence is not a
 * pass. A session without a flag key tests nothing behind a flag; its unknowns are shown only.
 */
export function blockingChecks(checks: readonly PreflightCheck[], namesFlag: boolean): string[] {
  return checks
    .filter((c) => c.status === 'fail' || (namesFlag && c.status === 'unknown'))
    .map((c) => c.key);
}

/** The pre-flight as the decision record carries it. */
export type RecordPreflight = {
  ranAt: string;
  trigger: 'prepare' | 'start';
  checks: Array<{
    key: string;
    label: string;
    status: CheckStatus;
    detail: string;
    checkedAt: string;
  }>;
  override: { by: string; reason: string; at: string; items: string[] } | null;
};
