import { z } from 'zod';
import { Id, optionalText, requiredText } from './common';
import { Evidence } from './notes';

export const FINDING_TYPES = [
  'bug',
  'usability',
  'performance',
  'data',
  'security',
  'question',
  'follow-up',
] as const;
export const FindingType = z.enum(FINDING_TYPES, {
  error: `Type must be one of: ${FINDING_TYPES.join(', ')}`,
});
export type FindingType = z.infer<typeof FindingType>;

export const SEVERITIES = ['blocker', 'major', 'minor', 'trivial'] as const;
export const Severity = z.enum(SEVERITIES, {
  error: `Severity must be one of: ${SEVERITIES.join(', ')}`,
});
export type Severity = z.infer<typeof Severity>;

export const FINDING_STATUSES = ['open', 'accepted', 'fixed', 'wont-fix'] as const;
export const FindingStatus = z.enum(FINDING_STATUSES, {
  error: `Status must be one of: ${FINDING_STATUSES.join(', ')}`,
});
export type FindingStatus = z.infer<typeof FindingStatus>;
export const FINDING_STATUS_LABELS: Record<FindingStatus, string> = {
  open: 'Open',
  accepted: 'Accepted',
  fixed: 'Fixed',
  'wont-fix': 'Won’t fix',
};

/** Evidence a finding rests on: log events and error groups (as on notes) and screenshots. */
export const FindingEvidence = z.union([
  Evidence,
  z.object({
    kind: z.literal('screenshot'),
    hash: z.string().regex(/^[a-f0-9]{64}$/),
    summary: z.string().max(300),
  }),
]);
export type FindingEvidence = z.infer<typeof FindingEvidence>;

/** One key per piece of evidence: the same event, group or screenshot is never listed twice. */
export const evidenceKey = (e: FindingEvidence): string =>
  e.kind === 'event' ? `e:${e.eventId}` : e.kind === 'group' ? `g:${e.groupKey}` : `s:${e.hash}`;

export const FindingFields = z.object({
  title: requiredText('Title', 300),
  description: optionalText('Description', 10_000),
  type: FindingType,
  severity: Severity,
  goalId: Id.nullable(),
  ownerId: Id.nullable(),
  status: FindingStatus,
  /** The notes it was promoted from. */
  noteIds: z.array(Id).max(100),
  evidence: z.array(FindingEvidence).max(50),
});
export type FindingFields = z.infer<typeof FindingFields>;

export const Finding = FindingFields.extend({
  id: Id,
  sessionId: Id,
  /** F-1, F-2, … in the order they were created; kept when others are merged away. */
  number: z.number().int().positive(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type Finding = z.infer<typeof Finding>;
export const findingRef = (f: Pick<Finding, 'number'>) => `F-${f.number}`;
/** The editable fields of a finding, without what the host assigns. */
export const findingFields = ({
  id: _id,
  sessionId: _s,
  number: _n,
  createdAt: _c,
  updatedAt: _u,
  ...fields
}: Finding): FindingFields => fields;

export const OUTCOMES = ['met', 'partly-met', 'not-met', 'not-tested'] as const;
export const Outcome = z.enum(OUTCOMES, {
  error: `Outcome must be one of: ${OUTCOMES.join(', ')}`,
});
export type Outcome = z.infer<typeof Outcome>;
export const OUTCOME_LABELS: Record<Outcome, string> = {
  met: 'Met',
  'partly-met': 'Partly met',
  'not-met': 'Not met',
  'not-tested': 'Not tested',
};

export const GoalOutcome = z.object({
  goalId: Id,
  outcome: Outcome,
  reason: optionalText('Reason', 300),
});
export type GoalOutcome = z.infer<typeof GoalOutcome>;

/** The structured debrief: short texts, each optional. */
export const DebriefText = z.object({
  whatWeDid: optionalText('What we did', 5000),
  results: optionalText('Results', 5000),
  obstacles: optionalText('Obstacles', 5000),
  outlook: optionalText('Outlook', 5000),
  feelings: optionalText('How the team feels', 5000),
});
export type DebriefText = z.infer<typeof DebriefText>;
export const DEBRIEF_LABELS: Record<keyof DebriefText, string> = {
  whatWeDid: 'What we did',
  results: 'Results',
  obstacles: 'Obstacles',
  outlook: 'Outlook',
  feelings: 'How the team feels',
};
export const EMPTY_DEBRIEF: DebriefText = {
  whatWeDid: '',
  results: '',
  obstacles: '',
  outlook: '',
  feelings: '',
};
