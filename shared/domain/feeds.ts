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
  /** Custom patterns (JavaScript regular expressions), each replaced by [redacted:<name>]. */
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

/** How a session recognises its tenant in the feeds, and its redaction rules. */
export const FeedSettings = z.object({
  /** Log attribute (resource or record) that holds the tenant id. */
  tenantKey: z.string().trim().min(1).max(100).default('tenant.id'),
  /** Sentry tag that holds the tenant id. */
  sentryTenantTag: z.string().trim().min(1).max(100).default('tenant'),
  redaction: RedactionSettings.default({ redactIps: false, extraKeys: [], patterns: [] }),
});
export type FeedSettings = z.infer<typeof FeedSettings>;

/** Sources Ensemble runs itself, per session, while the session is live. */
export const LocalSourceInput = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('command'),
    name: z.string().trim().min(1, 'Name the source').max(80),
    command: z.string().trim().min(1, 'Enter the command to run').max(2000),
  }),
  z.object({
    kind: z.literal('file'),
    name: z.string().trim().min(1, 'Name the source').max(80),
    path: z.string().trim().min(1, 'Enter the path of the log file').max(1000),
  }),
]);
export type LocalSourceInput = z.infer<typeof LocalSourceInput>;

export const LocalSource = z.object({
  id: z.string(),
  sessionId: z.string(),
  kind: z.enum(['command', 'file']),
  name: z.string(),
  target: z.string(),
  enabled: z.boolean(),
  status: z.enum(['connected', 'waiting', 'error', 'off']),
  detail: z.string(),
  lastLineAt: z.number().nullable(),
});
export type LocalSource = z.infer<typeof LocalSource>;
