import { z } from 'zod';
import { Id } from './common';
import { Action, StageKey } from './decision';

/**
 * The pipeline gate: what a signed decision means for one step of a rollout. The HTTP route
 * answers with GATE_STATUS[outcome] (Flagger, curl --fail, any CI step), or always 200 with the
 * same body (`mode=metric`, for an Argo Rollouts web metric, which counts a non-2xx as an error).
 */
export const GATE_EXPECTATIONS = ['promote', 'rollback'] as const;

export const GateArgs = z
  .object({
    sessionId: Id,
    /** promote: pass on a signed promote (to at least `stage`); rollback: pass on a signed roll back. */
    expect: z.enum(GATE_EXPECTATIONS).default('promote'),
    /** The stage this step rolls out to; null: any promote passes (the CLI without --expect-stage). */
    stage: StageKey.nullable().default(null),
  })
  .strict()
  .refine((a) => a.expect === 'promote' || a.stage === null, {
    path: ['stage'],
    message: 'A stage goes with expect=promote only',
  });

export const GATE_OUTCOMES = [
  'pass',
  'draft',
  'hold',
  'rollback',
  'promote',
  'below-stage',
] as const;
export type GateOutcome = (typeof GATE_OUTCOMES)[number];

/**
 * The status code of each outcome: 200 passes; each refusal has its own 4xx (never 5xx or 429,
 * which Flagger's client retries, and never a code a cache may keep).
 */
export const GATE_STATUS: Record<GateOutcome, number> = {
  pass: 200,
  /** The signed decision is the opposite of what the step expects. */
  rollback: 409,
  promote: 409,
  /** A signed promote, to a stage before the one this step rolls out to. */
  'below-stage': 412,
  /** Signed hold: the flag stays where it is. */
  hold: 423,
  /** Not signed yet: ask again later. */
  draft: 425,
};

export const GateAnswer = z.object({
  outcome: z.enum(GATE_OUTCOMES),
  pass: z.boolean(),
  status: z.number().int(),
  expect: z.enum(GATE_EXPECTATIONS),
  stage: StageKey.nullable(),
  message: z.string(),
  sessionId: z.string(),
  /** The latest signed version; null until the product owner signs. */
  decision: z
    .object({
      id: z.string(),
      version: z.number().int(),
      action: Action,
      fromStage: z.string(),
      toStage: z.string().nullable(),
      toPercent: z.number().nullable(),
      signedAt: z.string(),
    })
    .nullable(),
});
export type GateAnswer = z.infer<typeof GateAnswer>;
