import { z } from 'zod';
import { Id, requiredText } from './common';

export const FLAG_PROVIDERS = ['flagd', 'unleash', 'posthog', 'other'] as const;
export const FlagProvider = z.enum(FLAG_PROVIDERS);
export type FlagProvider = z.infer<typeof FlagProvider>;

/** An audience the flag reaches: the internal tenant only (0 %), then a share of everyone. */
export const StageKey = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,29}$/, 'Stage keys are lower-case letters, digits and dashes');

export const Stage = z.object({
  key: StageKey,
  label: requiredText('Stage label', 40),
  percent: z
    .number({ error: 'Percent must be a number' })
    .min(0, 'Percent must be 0 to 100')
    .max(100, 'Percent must be 0 to 100'),
});
export type Stage = z.infer<typeof Stage>;

export const DEFAULT_STAGES: Stage[] = [
  { key: 'internal', label: 'Internal tenant', percent: 0 },
  { key: '1', label: '1 %', percent: 1 },
  { key: '10', label: '10 %', percent: 10 },
  { key: '50', label: '50 %', percent: 50 },
  { key: '100', label: 'Everyone', percent: 100 },
];

export const Thresholds = z
  .object({
    /** A new error group with at least this many events during the session fails its check. */
    newGroupMinEvents: z.number().int().min(1).max(100_000).default(5),
    /** The session's error rate may be at most this many times the baseline's. */
    errorRateFactor: z.number().min(1).max(100).default(2),
    /** Scores at or above: Pass; at or above marginal: Marginal; else Fail. */
    passScore: z.number().min(0).max(100).default(95),
    marginalScore: z.number().min(0).max(100).default(75),
    /**
     * The evidence floor: a session that ran (running time, pauses not counted) fewer minutes
     * than this cannot pass. Settings saved before it existed get the default.
     */
    minRunningMinutes: z.number().int().min(1).max(480).default(15),
  })
  .refine((t) => t.passScore >= t.marginalScore, {
    path: ['marginalScore'],
    message: 'Marginal starts at or below Pass',
  });
export type Thresholds = z.infer<typeof Thresholds>;
export const DEFAULT_THRESHOLDS: Thresholds = {
  newGroupMinEvents: 5,
  errorRateFactor: 2,
  passScore: 95,
  marginalScore: 75,
  minRunningMinutes: 15,
};

/**
 * Thresholds as a stored recommendation carries them: decisions signed before the evidence floor
 * existed have no minimum running time, and reading them must not invent one.
 */
export const RecordedThresholds = z.object({
  newGroupMinEvents: z.number(),
  errorRateFactor: z.number(),
  passScore: z.number(),
  marginalScore: z.number(),
  minRunningMinutes: z.number().optional(),
});
export type RecordedThresholds = z.infer<typeof RecordedThresholds>;

export const RolloutSettings = z
  .object({
    provider: FlagProvider,
    stages: z
      .array(Stage)
      .min(2, 'At least two stages')
      .max(10, 'At most ten stages')
      .superRefine((stages, ctx) => {
        const keys = new Set<string>();
        stages.forEach((s, i) => {
          if (keys.has(s.key))
            ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `Stage ${s.key} twice` });
          keys.add(s.key);
          if (i > 0 && s.percent <= stages[i - 1]!.percent)
            ctx.addIssue({
              code: 'custom',
              path: [i, 'percent'],
              message: 'Each stage reaches more people than the one before',
            });
        });
      }),
    currentStage: z.string(),
    thresholds: Thresholds,
  })
  .superRefine((s, ctx) => {
    if (!s.stages.some((st) => st.key === s.currentStage))
      ctx.addIssue({
        code: 'custom',
        path: ['currentStage'],
        message: 'The current stage must be one of the stages',
      });
  });
export type RolloutSettings = z.infer<typeof RolloutSettings>;

/**
 * What a flag system cannot do with these stages, as field issues: Unleash rolls out in whole
 * percents, so a fractional stage could never be sent. Checked when settings are saved, not when
 * they are read (settings saved before this check still load; their export refuses instead).
 */
export function providerStageIssues(s: RolloutSettings): { path: string; message: string }[] {
  if (s.provider !== 'unleash') return [];
  const odd = s.stages.filter((st) => !Number.isInteger(st.percent));
  if (odd.length === 0) return [];
  const message = `Unleash rolls out in whole percents: ${odd.map((st) => `${st.label} (${st.percent} %)`).join(', ')} cannot be set. Use whole-percent stages, or another flag system.`;
  return [
    { path: 'settings.provider', message },
    ...s.stages.flatMap((st, i) =>
      Number.isInteger(st.percent) ? [] : [{ path: `settings.stages.${i}.percent`, message }],
    ),
  ];
}
export const DEFAULT_ROLLOUT: RolloutSettings = {
  provider: 'flagd',
  stages: DEFAULT_STAGES,
  currentStage: 'internal',
  thresholds: DEFAULT_THRESHOLDS,
};

export const CHECK_IDS = [
  'session-evidence',
  'no-open-blocker',
  'no-open-major-on-must-goal',
  'must-goals-met',
  'no-large-new-error-group',
  'error-rate',
  'feeds-complete',
] as const;
export const CheckId = z.enum(CHECK_IDS);
export type CheckId = z.infer<typeof CheckId>;
export const CheckResult = z.enum(['pass', 'fail', 'inconclusive']);
export type CheckResult = z.infer<typeof CheckResult>;

/** What a check looked at, one click away in the app and named in every export. */
export const EvidenceRef = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('finding'), id: z.string(), label: z.string() }),
  z.object({ kind: z.literal('goal'), id: z.string(), label: z.string() }),
  z.object({ kind: z.literal('error-group'), groupKey: z.string(), label: z.string() }),
  z.object({ kind: z.literal('gap'), id: z.number().int(), label: z.string() }),
  z.object({ kind: z.literal('rate'), label: z.string() }),
]);
export type EvidenceRef = z.infer<typeof EvidenceRef>;

export const Check = z.object({
  id: CheckId,
  label: z.string(),
  /** A critical check failing forces the score to 0 (and a roll back beyond the internal tenant). */
  critical: z.boolean(),
  result: CheckResult,
  detail: z.string(),
  evidence: z.array(EvidenceRef),
});
export type Check = z.infer<typeof Check>;

export const ACTIONS = ['promote', 'hold', 'rollback'] as const;
export const Action = z.enum(ACTIONS);
export type Action = z.infer<typeof Action>;
export const ACTION_LABELS: Record<Action, string> = {
  promote: 'Promote',
  hold: 'Hold',
  rollback: 'Roll back',
};
export const Verdict = z.enum(['pass', 'marginal', 'fail', 'inconclusive']);
export type Verdict = z.infer<typeof Verdict>;

export const Recommendation = z.object({
  action: Action,
  /** Where the flag is, and where the recommendation takes it (null: it stays). */
  fromStage: z.string(),
  toStage: z.string().nullable(),
  /**
   * passed ÷ judged × 100, rounded; 0 when a critical check failed; null when a critical check
   * could not be judged (verdict inconclusive) or nothing was judged. Judged of total is derived
   * from `checks` (see shared/decision/summary.ts).
   */
  score: z.number().nullable(),
  verdict: Verdict,
  checks: z.array(Check),
  thresholds: RecordedThresholds,
  /** One sentence per reason, each from a check. */
  reasons: z.array(z.string()),
});
export type Recommendation = z.infer<typeof Recommendation>;

/** What the product owner signs. */
export const DecisionInput = z
  .object({
    action: Action,
    /** The stage the flag goes to: the next one for promote, the internal tenant for roll back. */
    toStage: z.string().nullable(),
    rationale: requiredText('Rationale', 5000),
    conditions: z.array(requiredText('Condition', 500)).max(20),
    approverName: requiredText('Name', 200),
    approverId: Id.nullable(),
  })
  .strict();
export type DecisionInput = z.infer<typeof DecisionInput>;

export const Decision = DecisionInput.extend({
  id: z.string(),
  sessionId: z.string(),
  /** 1 for the first record; an amendment is the next version and names the one it replaces. */
  version: z.number().int(),
  amends: z.string().nullable(),
  signedAt: z.string(),
  fromStage: z.string(),
  /** The recommendation as it stood when signed. */
  recommendation: Recommendation,
  /** The decision differs from the recommendation (action or stage). */
  disagrees: z.boolean(),
});
export type Decision = z.infer<typeof Decision>;
