/**
 * What the signed decision asks of the flag provider, for the rollout payloads. Nothing here
 * talks to a provider: the payloads are rendered for a person or a pipeline to apply.
 */
import type { Stage } from '../../../shared/domain/decision';
import type { DecisionRecordV1 } from '../../../shared/domain/record';
import { actionPhrase, stageOf } from './common';

export type Move =
  | { change: true; action: 'promote' | 'rollback'; from: Stage; to: Stage; summary: string }
  | { change: false; from: Stage | null; summary: string };

export function plannedMove(r: DecisionRecordV1): Move {
  const from = stageOf(r, r.flag.currentStage);
  const d = r.decision;
  if (!d)
    return {
      change: false,
      from,
      summary: 'Draft: not signed yet. Nothing to apply until a decision is signed.',
    };
  if (d.action === 'hold')
    return { change: false, from, summary: `${actionPhrase(r, 'hold', null)}: no change.` };
  const to = stageOf(r, d.toStage ?? (d.action === 'rollback' ? (r.stages[0]?.key ?? null) : null));
  if (!from || !to)
    return {
      change: false,
      from,
      summary: `The decision names a stage that is not among the session’s stages: no change.`,
    };
  if (from.key === to.key)
    return { change: false, from, summary: `The flag is already at ${to.label}: no change.` };
  return {
    change: true,
    action: d.action,
    from,
    to,
    summary: `${actionPhrase(r, d.action, to.key)} (from ${from.label}).`,
  };
}

export const APPLY_NOTE =
  'Rendered by Ensemble for a person or a pipeline to review and apply. Ensemble applies nothing itself.';

/** The head every payload file starts with: which record, what it asks, and whether it changes anything. */
export function payloadHead(r: DecisionRecordV1, move: Move) {
  const stage = (s: Stage | null) =>
    s ? { stage: s.key, label: s.label, percent: s.percent } : null;
  return {
    note: APPLY_NOTE,
    record: r.recordId,
    status: r.status,
    flag: r.flag.key,
    tenant: { key: r.scope.tenantKey, value: r.scope.tenantValue },
    environment: r.scope.environment,
    change: move.change,
    summary: move.summary,
    from: stage(move.from),
    to: move.change ? stage(move.to) : stage(move.from),
  };
}
