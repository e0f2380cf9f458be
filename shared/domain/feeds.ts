import { z } from 'zod';

export const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export const Level = z.enum(LEVELS);
export type Level = z.infer<typeof Level>;
export const levelRank = (l: Level) => LEVELS.indexOf(l);

export const AttributeValue = z.union([z.string(), z.number(), z.boolean()]);
export type AttributeValue = z.infer<typeof AttributeValue>;

/** One log line or error from any source, after tenant filtering and redaction. */
export const FeedEvent = z.object({
  id: z.number().int(),
  tenant: z.string(),
  source: z.string(),
  /** When it happened (epoch ms), as the source says. */
  time: z.number(),
  receivedAt: z.number(),
  level: Level,
  service: z.string(),
  message: z.string(),
  attributes: z.record(z.string(), AttributeValue),
  traceId: z.string().nullable(),
  spanId: z.string().nullable(),
  release: z.string().nullable(),
  environment: z.string().nullable(),
  error: z.object({ type: z.string(), value: z.string(), stack: z.string() }).nullable(),
  groupKey: z.string().nullable(),
});
export type FeedEvent = z.infer<typeof FeedEvent>;

/** What a receiver or source hands the pipeline, before tenant filtering and redaction. */
export type RawFeedEvent = Omit<FeedEvent, 'id' | 'receivedAt' | 'groupKey'> & {
  fingerprint?: string[] | null;
};

export const SOURCE_KINDS = [
  'otlp',
  'sentry',
  'datadog',
  'loki',
  'sentry-api',
  'command',
  'file',
] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const REDACTION_KINDS = [
  'bearer',
  'jwt',
  'aws-key',
  'github-token',
  'slack-token',
  'stripe-key',
  'private-key',
  'secret',
  'email',
  'card',
  'iban',
  'ip',
] as const;
export type RedactionKind = (typeof REDACTION_KINDS)[number];

/** Per-session redaction rules: the defaults always apply; these add to them. */
export const RedactionSettings = z.object({
  redactIps: z.boolean().default(false),
  /** More attribute / key names whose values are secret, beside Sentry's default list. */
  extraKeys: z.array(z.string().trim().min(1).max(60)).max(50).default([]),
  /** Custom patterns (RE2 syntax, matched in linear time), each replaced by [redacted:<name>]. */
  patterns: z
    .array(
      z.object({
        name: z
          .string()
          .trim()
          .regex(/^[a-z0-9-]{1,30}$/, 'Pattern names are lower-case letters, digits and dashes'),
        pattern: z.string().min(1).max(500),
      }),
    )
    .max(20)
    .default([]),
});
export type RedactionSettings = z.infer<typeof RedactionSettings>;

/**
 * A browser origin allowed to send to the ingest port (a browser exporter of the product under
 * test): exactly scheme://host[:port], as browsers send it in `Origin`.
 */
export const AllowedOrigin = z
  .string()
  .trim()
  .max(300)
  .superRefine((value, ctx) => {
    const message = `"${value}" is not an origin: enter scheme://host[:port], e.g. https://app.example.com`;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message });
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      ctx.addIssue({
        code: 'custom',
        message: `"${value}": only http and https origins send events`,
      });
    else if (url.origin !== value) ctx.addIssue({ code: 'custom', message });
  });

/** How a session recognises its tenant in the feeds, and its redaction rules. */
export const FeedSettings = z.object({
  /** Log attribute (resource or record) that holds the tenant id. */
  tenantKey: z.string().trim().min(1).max(100).default('tenant.id'),
  /** Sentry tag that holds the tenant id. */
  sentryTenantTag: z.string().trim().min(1).max(100).default('tenant'),
  redaction: RedactionSettings.default({ redactIps: false, extraKeys: [], patterns: [] }),
  /** Browser origins whose pages may send events to the ingest port while this session is watched. */
  allowedOrigins: z.array(AllowedOrigin).max(20, 'At most 20 origins').default([]),
});
export type FeedSettings = z.infer<typeof FeedSettings>;

const name = z.string().trim().min(1, 'Name the source').max(80);
/**
 * Whose lines a command or file carries. multi: a line must name its tenant (under the session's
 * tenant key or a recognised alias); lines naming another tenant or none are counted and dropped.
 * single: the facilitator declares that the command or file reads only the session's tenant
 * (e.g. kubectl logs -l tenant=internal), so lines naming none are the session's.
 */
export const TENANCIES = ['multi', 'single'] as const;
export const Tenancy = z.enum(TENANCIES);
export type Tenancy = z.infer<typeof Tenancy>;
const pollSeconds = z
  .number()
  .int('Whole seconds')
  .min(1, 'Poll at most once a second')
  .max(300, 'Poll at least every 5 minutes')
  .default(5);
const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;
/** An API address: https, or plain http only on this machine (credentials never travel in clear). */
export const ApiUrl = z
  .string()
  .trim()
  .max(500)
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'Enter an address such as https://example.com' });
      return;
    }
    if (url.username || url.password) {
      ctx.addIssue({
        code: 'custom',
        message: 'Leave credentials out of the address; enter them in their own fields',
      });
      return;
    }
    if (url.protocol === 'https:') return;
    if (url.protocol === 'http:' && LOOPBACK.test(url.hostname)) return;
    ctx.addIssue({
      code: 'custom',
      message: 'Use https:// (plain http only for an API on this machine)',
    });
  });
const secret = (message: string) => z.string().trim().min(1, message).max(1000);

/** Sources Ensemble runs or polls itself, per session, while the session is live. */
export const SourceInput = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('command'),
    name,
    command: z.string().trim().min(1, 'Enter the command to run').max(2000),
    tenancy: Tenancy.default('multi'),
    /** Run it again when it exits with 0 (a command that exits otherwise is always restarted). */
    restartOnExit: z.boolean().default(false),
  }),
  z.object({
    kind: z.literal('file'),
    name,
    path: z.string().trim().min(1, 'Enter the path of the log file').max(1000),
    tenancy: Tenancy.default('multi'),
  }),
  z.object({
    kind: z.literal('datadog'),
    name,
    /** A Datadog site (datadoghq.com, datadoghq.eu, us5.datadoghq.com, …) or an API address. */
    site: z
      .string()
      .trim()
      .min(1, 'Enter the Datadog site, e.g. datadoghq.com')
      .max(500)
      .default('datadoghq.com')
      .superRefine((value, ctx) => {
        if (/^https?:\/\//i.test(value)) {
          const r = ApiUrl.safeParse(value);
          if (!r.success)
            for (const i of r.error.issues) ctx.addIssue({ code: 'custom', message: i.message });
        } else if (!/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(value)) {
          ctx.addIssue({ code: 'custom', message: 'Enter a Datadog site such as datadoghq.com' });
        }
      }),
    /** More search terms; the tenant scope is added by Ensemble. */
    query: z.string().trim().max(1000).default(''),
    pollSeconds,
    credentials: z.object({
      apiKey: secret('Enter the API key'),
      appKey: secret('Enter the application key'),
    }),
  }),
  z.object({
    kind: z.literal('loki'),
    name,
    url: ApiUrl,
    /** LogQL whose stream selector names the tenant, e.g. {app="shop", tenant="internal"}. */
    query: z.string().trim().min(1, 'Enter a LogQL query').max(2000),
    orgId: z.string().trim().max(200).default(''),
    pollSeconds,
    credentials: z
      .object({ username: z.string().trim().max(200), password: z.string().max(1000) })
      .default({ username: '', password: '' }),
  }),
  z.object({
    kind: z.literal('sentry-api'),
    name,
    url: ApiUrl.default('https://sentry.io'),
    organization: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{1,100}$/, 'Enter the organization slug or id'),
    /** Project ids to limit the issues to (empty: all the organization's projects). */
    projects: z
      .array(
        z
          .string()
          .trim()
          .regex(/^-?\d{1,20}$/, 'Project ids are numbers'),
      )
      .max(50)
      .default([]),
    pollSeconds,
    credentials: z.object({ token: secret('Enter an auth token with event:read') }),
  }),
]);
export type SourceInput = z.input<typeof SourceInput>;
export type ParsedSourceInput = z.infer<typeof SourceInput>;
export const PULL_KINDS = ['datadog', 'loki', 'sentry-api'] as const;
export type PullKind = (typeof PULL_KINDS)[number];
export const OWN_SOURCE_KINDS = ['command', 'file', ...PULL_KINDS] as const;
export type OwnSourceKind = (typeof OWN_SOURCE_KINDS)[number];

export const SOURCE_STATUSES = ['connected', 'waiting', 'error', 'finished', 'off'] as const;
export const SourceStatus = z.enum(SOURCE_STATUSES);

/** What a command or file source read and why it dropped lines (since the host started). */
export const LineCounts = z.object({
  read: z.number().int(),
  stored: z.number().int(),
  /** Lines naming a tenant other than the session's. */
  otherTenant: z.number().int(),
  /** Lines naming no tenant, in a multi-tenant source. */
  noTenant: z.number().int(),
  /** Lines a restarted command printed again. */
  repeated: z.number().int(),
});
export type LineCounts = z.infer<typeof LineCounts>;

/** A source as the renderer sees it: never its credentials, only whether it has them. */
export const FeedSource = z.object({
  id: z.string(),
  sessionId: z.string(),
  kind: z.enum(OWN_SOURCE_KINDS),
  name: z.string(),
  /** What it runs, reads or asks, for display. */
  target: z.string(),
  enabled: z.boolean(),
  hasCredentials: z.boolean(),
  status: SourceStatus,
  detail: z.string(),
  lastEventAt: z.number().nullable(),
  /** Commands and files only; null for APIs, whose queries name the tenant. */
  tenancy: Tenancy.nullable(),
  restartOnExit: z.boolean(),
  lines: LineCounts.nullable(),
  /** Lines arrive but none names a tenant: the source is probably single-tenant. */
  warning: z.string().nullable(),
});
export type FeedSource = z.infer<typeof FeedSource>;

/** A stretch of time a source could not deliver: shown on the timeline, weighed in the debrief. */
export const FeedGap = z.object({
  id: z.number().int(),
  sourceId: z.string(),
  sourceName: z.string(),
  from: z.number(),
  /** Null while the source is still failing. */
  to: z.number().nullable(),
  reason: z.string(),
  /** The source came back and its events of that time were fetched after all. */
  backfilled: z.boolean(),
});
export type FeedGap = z.infer<typeof FeedGap>;
