import { z } from 'zod';
import { Id } from '../domain/common';
import { DebriefText, Finding, FindingFields, GoalOutcome, Outcome } from '../domain/debrief';
import { Decision, DecisionInput, Recommendation, RolloutSettings } from '../domain/decision';
import { Note } from '../domain/notes';
import type { DecisionRecordV1 } from '../domain/record';

const method = <A extends z.ZodType, R extends z.ZodType>(args: A, result: R) => ({ args, result });
const SessionRef = z.object({ sessionId: Id }).strict();

export const EXPORT_FORMATS = [
  'md',
  'html',
  'json',
  'csv',
  'issues',
  'flagd',
  'unleash',
  'posthog',
] as const;
export const ExportFormat = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof ExportFormat>;

/** Creating a finding needs only a title; the rest has defaults. */
export const FindingInput = FindingFields.partial().required({ title: true });

export const DebriefState = z.object({
  findings: z.array(Finding),
  outcomes: z.array(GoalOutcome),
  text: DebriefText,
  rollout: RolloutSettings,
  /** Bug and risk notes not promoted to a finding and not set aside. */
  untriaged: z.array(Note),
  /** Every note of the session (not deleted), for the findings' evidence. */
  notes: z.array(Note),
});
export type DebriefState = z.infer<typeof DebriefState>;

/** Debrief and decision methods; contract.ts spreads them into the one API. */
export const debriefApi = {
  'debrief.get': method(SessionRef, DebriefState),
  'findings.create': method(z.object({ sessionId: Id, finding: FindingInput }).strict(), Finding),
  'findings.update': method(z.object({ id: Id, patch: FindingFields.partial() }).strict(), Finding),
  'findings.remove': method(z.object({ id: Id }).strict(), z.object({ removed: z.literal(true) })),
  /** The sources' notes and evidence move to the target; the sources are marked merged. */
  'findings.merge': method(
    z.object({ targetId: Id, sourceIds: z.array(Id).min(1).max(50) }).strict(),
    Finding,
  ),
  'debrief.setOutcome': method(
    z
      .object({
        sessionId: Id,
        goalId: Id,
        outcome: Outcome.nullable(),
        reason: GoalOutcome.shape.reason,
      })
      .strict(),
    z.array(GoalOutcome),
  ),
  'debrief.updateText': method(
    z.object({ sessionId: Id, text: DebriefText.partial() }).strict(),
    DebriefText,
  ),
  /** Set a bug or risk note aside in triage (not a finding), or bring it back. */
  'debrief.dismissNote': method(
    z.object({ sessionId: Id, noteId: Id, dismissed: z.boolean() }).strict(),
    z.object({ untriaged: z.array(Note) }),
  ),
  'rollout.update': method(
    z.object({ sessionId: Id, settings: RolloutSettings }).strict(),
    RolloutSettings,
  ),
  /** Metrics of the session as the report shows them. */
  'debrief.metrics': method(
    SessionRef,
    z.object({
      metrics: z.custom<DecisionRecordV1['metrics']>(),
      /** Minutes of focus per goal id. */
      goalMinutes: z.record(z.string(), z.number()),
    }),
  ),
  'decision.recommend': method(SessionRef, Recommendation),
  /** Sign a decision (version 1) or amend the latest one (the next version). */
  'decision.sign': method(
    z.object({ sessionId: Id, decision: DecisionInput, amends: Id.nullable() }).strict(),
    Decision,
  ),
  'decision.history': method(SessionRef, z.array(Decision)),
  /**
   * Web mode: a one-time address (valid for a minute) where the HTML report opens under its own
   * strict policy, to print or save as PDF. Null in the desktop app, which prints to PDF itself.
   */
  'exports.print': method(
    z.object({ sessionId: Id, pseudonymise: z.boolean().default(false) }).strict(),
    z.object({ url: z.string().nullable() }),
  ),
  'exports.render': method(
    z
      .object({
        sessionId: Id,
        format: ExportFormat,
        /** Participants as "Participant 1", "Participant 2", … */
        pseudonymise: z.boolean().default(false),
      })
      .strict(),
    z.object({ filename: z.string(), mime: z.string(), content: z.string() }),
  ),
};
