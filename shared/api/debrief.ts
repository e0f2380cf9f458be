import { z } from 'zod';
import { Id } from '../domain/common';
import { DebriefText, Finding, FindingFields, GoalOutcome, Outcome } from '../domain/debrief';
import { RolloutSettings } from '../domain/decision';
import { Note } from '../domain/notes';
import { RecordMetrics } from '../domain/record';
import { method, Removed, SessionRef } from './common';

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

export const debriefApi = {
  'debrief.get': method(SessionRef, DebriefState),
  'debrief.createFinding': method(
    z.object({ sessionId: Id, finding: FindingInput }).strict(),
    Finding,
  ),
  'debrief.updateFinding': method(
    z.object({ id: Id, patch: FindingFields.partial() }).strict(),
    Finding,
  ),
  'debrief.removeFinding': method(z.object({ id: Id }).strict(), Removed),
  /** The sources' notes and evidence move to the target; the sources are marked merged. */
  'debrief.mergeFindings': method(
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
  /** Metrics of the session as the report shows them. */
  'debrief.metrics': method(
    SessionRef,
    z.object({
      metrics: RecordMetrics,
      /** Minutes of focus per goal id. */
      goalMinutes: z.record(z.string(), z.number()),
    }),
  ),
};
