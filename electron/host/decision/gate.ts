import { ApiError } from '../../../shared/api/errors';
import type { Decision, Stage } from '../../../shared/domain/decision';
import { GATE_STATUS, type GateAnswer, type GateOutcome } from '../../../shared/domain/gate';
import type { ParsedArgsOf } from '../../../shared/api/contract';
import type { HostContext } from '../context';

/**
 * What the latest signed version of a session's decision means for one pipeline step. The
 * stages are those the decision was signed against (its snapshot), so editing the rollout
 * settings afterwards never changes what a pipeline is told.
 */
export function gateAnswer(host: HostContext, args: ParsedArgsOf<'decision.gate'>): GateAnswer {
  const latest = host.repos.debrief.decisions(args.sessionId).at(-1);
  const stages = latest
    ? (host.repos.debrief.snapshot(latest.id)?.stages ?? rolloutStages(host, args.sessionId))
    : rolloutStages(host, args.sessionId);
  const expected = args.stage === null ? null : stages.find((s) => s.key === args.stage);
  if (expected === undefined)
    throw ApiError.field(
      'stage',
      `${args.stage} is not one of the session's stages (${stages.map((s) => s.key).join(', ')})`,
    );
  const [outcome, message] = judge(latest, args.expect, expected, stages);
  return {
    outcome,
    pass: outcome === 'pass',
    status: GATE_STATUS[outcome],
    expect: args.expect,
    stage: args.stage,
    message,
    sessionId: args.sessionId,
    decision: latest
      ? {
          id: latest.id,
          version: latest.version,
          action: latest.action,
          fromStage: latest.fromStage,
          toStage: latest.toStage,
          toPercent: stages.find((s) => s.key === latest.toStage)?.percent ?? null,
          signedAt: latest.signedAt,
        }
      : null,
  };
}

const rolloutStages = (host: HostContext, sessionId: string): Stage[] =>
  host.repos.debrief.debrief(sessionId).rollout.stages;

function judge(
  latest: Decision | undefined,
  expect: 'promote' | 'rollback',
  expected: Stage | null,
  stages: Stage[],
): [GateOutcome, string] {
  if (!latest) return ['draft', 'Not signed yet: the product owner has not decided'];
  const signed = `Signed version ${latest.version}`;
  const to = stages.find((s) => s.key === latest.toStage);
  if (latest.action === 'hold') return ['hold', `${signed}: hold at stage ${latest.fromStage}`];
  if (expect === 'rollback')
    return latest.action === 'rollback'
      ? ['pass', `${signed}: roll back to stage ${latest.toStage}`]
      : ['promote', `${signed}: promote to stage ${latest.toStage}, not a roll back`];
  if (latest.action === 'rollback')
    return ['rollback', `${signed}: roll back to stage ${latest.toStage}`];
  if (expected && (!to || to.percent < expected.percent))
    return [
      'below-stage',
      `${signed}: promote to stage ${latest.toStage} only, before stage ${expected.key}`,
    ];
  return ['pass', `${signed}: promote to stage ${latest.toStage}`];
}
