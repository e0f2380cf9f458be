import type { FindingStatus, Outcome, Severity } from '../domain/debrief';
import { findingRef, OUTCOME_LABELS } from '../domain/debrief';
import type {
  Action,
  Check,
  EvidenceRef,
  Recommendation,
  Stage,
  Thresholds,
  Verdict,
} from '../domain/decision';
import type { Priority } from '../domain/goals';
import { judgeAgainstControl, type ErrorCounts } from './control';
import { sessionEvidenceCheck, type SessionEvidence } from './floor';
import { plural } from './summary';

export type RecommendInput = {
  /** Whether the session ran, how long, and for which tenant: the evidence floor. */
  session: SessionEvidence;
  goals: Array<{ id: string; title: string; priority: Priority; outcome: Outcome | null }>;
  findings: Array<{
    id: string;
    number: number;
    title: string;
    severity: Severity;
    status: FindingStatus;
    goalId: string | null;
  }>;
  errors: {
    /** Events stored during the session and in the baseline window before it. */
    sessionEvents: number;
    baselineEvents: number;
    sessionErrorsPerMinute: number;
    baselineErrorsPerMinute: number;
    baselineMinutes: number;
    /** Errors among the session's events (for the comparison with the control group). */
    sessionErrors?: number;
    /** The tenants the flag is off for, in the session's minutes (counts kept at ingest). */
    control?: ErrorCounts | null;
    /**
     * Error groups first seen during the session, with their event counts and how many events
     * of the same group the control group had (it happens without the flag too).
     */
    newGroups: Array<{
      groupKey: string;
      type: string;
      sample: string;
      count: number;
      control?: number;
    }>;
  };
  gaps: Array<{ id: number; sourceName: string; backfilled: boolean; to: number | null }>;
  stages: Stage[];
  currentStage: string;
  thresholds: Thresholds;
};

const isOpen = (s: FindingStatus) => s === 'open' || s === 'accepted';
const round = (n: number) => Math.round(n * 100) / 100;

function check(
  id: Check['id'],
  label: string,
  critical: boolean,
  result: Check['result'],
  detail: string,
  evidence: EvidenceRef[] = [],
): Check {
  return { id, label, critical, result, detail, evidence };
}

/** Each check: pass, fail or inconclusive, with the evidence it used. */
export function runChecks(input: RecommendInput): Check[] {
  const t = input.thresholds;
  const findingEvidence = (f: RecommendInput['findings'][number]): EvidenceRef => ({
    kind: 'finding',
    id: f.id,
    label: `${findingRef(f)} ${f.title}`,
  });
  const goalEvidence = (g: RecommendInput['goals'][number]): EvidenceRef => ({
    kind: 'goal',
    id: g.id,
    label: `${g.title}: ${g.outcome ? OUTCOME_LABELS[g.outcome] : 'no outcome'}`,
  });
  const checks: Check[] = [sessionEvidenceCheck(input.session, input.errors.sessionEvents, t)];

  const blockers = input.findings.filter((f) => f.severity === 'blocker' && isOpen(f.status));
  checks.push(
    check(
      'no-open-blocker',
      'No open blocker',
      true,
      blockers.length ? 'fail' : 'pass',
      blockers.length
        ? `${plural(blockers.length, 'blocker')} still open: ${blockers.map(findingRef).join(', ')}`
        : `No blocker is open (${plural(input.findings.length, 'finding')} in all)`,
      blockers.map(findingEvidence),
    ),
  );

  const must = input.goals.filter((g) => g.priority === 'must');
  const mustIds = new Set(must.map((g) => g.id));
  const majors = input.findings.filter(
    (f) => f.severity === 'major' && isOpen(f.status) && f.goalId !== null && mustIds.has(f.goalId),
  );
  checks.push(
    check(
      'no-open-major-on-must-goal',
      'No open major finding on a must-goal',
      false,
      majors.length ? 'fail' : 'pass',
      majors.length
        ? `${plural(majors.length, 'major finding')} open on must-goals: ${majors.map(findingRef).join(', ')}`
        : 'No major finding is open on a must-goal',
      majors.map(findingEvidence),
    ),
  );

  const short = must.filter((g) => g.outcome === 'not-met' || g.outcome === 'partly-met');
  const untested = must.filter((g) => g.outcome === null || g.outcome === 'not-tested');
  checks.push(
    must.length === 0
      ? check(
          'must-goals-met',
          'Every must-goal met',
          false,
          'inconclusive',
          'No must-goals were set',
        )
      : short.length
        ? check(
            'must-goals-met',
            'Every must-goal met',
            false,
            'fail',
            `${plural(short.length, 'must-goal')} not fully met: ${short.map((g) => g.title).join('; ')}`,
            short.map(goalEvidence),
          )
        : untested.length
          ? check(
              'must-goals-met',
              'Every must-goal met',
              false,
              'inconclusive',
              `${plural(untested.length, 'must-goal')} not tested or without an outcome: ${untested.map((g) => g.title).join('; ')}`,
              untested.map(goalEvidence),
            )
          : check(
              'must-goals-met',
              'Every must-goal met',
              false,
              'pass',
              `All ${plural(must.length, 'must-goal')} met`,
              must.map(goalEvidence),
            ),
  );

  const e = input.errors;
  const noFeed = e.sessionEvents === 0 && e.baselineEvents === 0;
  // A group the tenants without the flag have too is not the flag's doing.
  const big = e.newGroups.filter((g) => g.count >= t.newGroupMinEvents);
  const large = big.filter((g) => !g.control);
  const elsewhere = big.length - large.length;
  const alsoWithout =
    elsewhere > 0 ? ` (${plural(elsewhere, 'larger one')} also without the flag: not counted)` : '';
  checks.push(
    noFeed
      ? check(
          'no-large-new-error-group',
          `No new error group with ${t.newGroupMinEvents} or more events`,
          true,
          'inconclusive',
          'No log or error events were received for the tenant',
        )
      : check(
          'no-large-new-error-group',
          `No new error group with ${t.newGroupMinEvents} or more events`,
          true,
          large.length ? 'fail' : 'pass',
          large.length
            ? `${plural(large.length, 'new error group')} with ${t.newGroupMinEvents}+ events only where the flag is on: ${large.map((g) => `${g.type} (${g.count})`).join(', ')}${alsoWithout}`
            : `${plural(e.newGroups.length, 'new error group')}, none with ${t.newGroupMinEvents} or more events only where the flag is on${alsoWithout}`,
          large.map((g) => ({
            kind: 'error-group' as const,
            groupKey: g.groupKey,
            label: `${g.type}: ${g.sample} (${g.count} events)`,
          })),
        ),
  );

  // A baseline without errors counts as one error in its window, so one error in the session
  // is not an infinite increase.
  const floor = e.baselineMinutes > 0 ? 1 / e.baselineMinutes : 0;
  const limit = t.errorRateFactor * Math.max(e.baselineErrorsPerMinute, floor);
  const rateEvidence: EvidenceRef[] = [
    {
      kind: 'rate',
      label: `${round(e.sessionErrorsPerMinute)} errors/min in the session, ${round(e.baselineErrorsPerMinute)}/min in the ${round(e.baselineMinutes)} min before`,
    },
  ];
  // Canary against control in the same minutes when both have enough events; otherwise the
  // tenant against itself before the session.
  const versus =
    e.control && e.sessionErrors !== undefined
      ? judgeAgainstControl(
          { events: e.sessionEvents, errors: e.sessionErrors },
          e.control,
          t.errorRateFactor,
        )
      : null;
  checks.push(
    versus && e.control
      ? check(
          'error-rate',
          `Error rate at most ${t.errorRateFactor}× the tenants without the flag`,
          true,
          versus.result,
          `${versus.detail}. Before the session: ${round(e.baselineErrorsPerMinute)} errors/min, in it ${round(e.sessionErrorsPerMinute)}/min`,
          [
            ...rateEvidence,
            {
              kind: 'rate',
              label: `${e.control.errors} errors of ${e.control.events} events without the flag in the same minutes`,
            },
          ],
        )
      : e.sessionEvents === 0
        ? check(
            'error-rate',
            `Error rate at most ${t.errorRateFactor}× the baseline`,
            true,
            'inconclusive',
            'No events were received during the session',
          )
        : e.baselineEvents === 0
          ? check(
              'error-rate',
              `Error rate at most ${t.errorRateFactor}× the baseline`,
              true,
              'inconclusive',
              'No events before the session to compare with',
              rateEvidence,
            )
          : check(
              'error-rate',
              `Error rate at most ${t.errorRateFactor}× the baseline`,
              true,
              e.sessionErrorsPerMinute <= limit ? 'pass' : 'fail',
              `${round(e.sessionErrorsPerMinute)} errors/min against a limit of ${round(limit)} (${t.errorRateFactor} × ${round(Math.max(e.baselineErrorsPerMinute, floor))})`,
              rateEvidence,
            ),
  );

  const unexplained = input.gaps.filter((g) => !g.backfilled);
  checks.push(
    check(
      'feeds-complete',
      'Feeds had no unexplained gaps',
      false,
      unexplained.length ? 'fail' : 'pass',
      unexplained.length
        ? `${plural(unexplained.length, 'gap')} in the feeds: ${[...new Set(unexplained.map((g) => g.sourceName))].join(', ')}`
        : input.gaps.length
          ? `${plural(input.gaps.length, 'gap')}, all fetched when the source came back`
          : 'No gaps in the feeds',
      unexplained.map((g) => ({
        kind: 'gap' as const,
        id: g.id,
        label: `${g.sourceName}${g.to === null ? ' (still failing)' : ''}`,
      })),
    ),
  );
  return checks;
}

/**
 * The rollout recommendation, like automated canary analysis: the share of judged checks that
 * passed (any critical check failing forces 0), a verdict from the thresholds, and an action —
 * promote to the next stage on Pass, roll back only when the flag is beyond the internal tenant
 * and a critical check failed, hold otherwise. A critical check without the data to be judged
 * makes the verdict Inconclusive and the action hold: missing evidence is never a pass.
 */
export function recommend(input: RecommendInput): Recommendation {
  const checks = runChecks(input);
  const t = input.thresholds;
  const judged = checks.filter((c) => c.result !== 'inconclusive');
  const criticalFailed = checks.filter((c) => c.critical && c.result === 'fail');
  const criticalMissing = checks.filter((c) => c.critical && c.result === 'inconclusive');
  const score =
    criticalFailed.length > 0
      ? 0
      : judged.length === 0 || criticalMissing.length > 0
        ? null
        : Math.round((judged.filter((c) => c.result === 'pass').length / judged.length) * 100);
  const verdict: Verdict =
    score === null
      ? 'inconclusive'
      : score >= t.passScore
        ? 'pass'
        : score >= t.marginalScore
          ? 'marginal'
          : 'fail';
  const index = Math.max(
    0,
    input.stages.findIndex((s) => s.key === input.currentStage),
  );
  const current = input.stages[index]!;
  const next = input.stages[index + 1];
  let action: Action = 'hold';
  let toStage: string | null = null;
  const reasons: string[] = [];
  if (criticalFailed.length > 0) {
    reasons.push(...criticalFailed.map((c) => `${c.label}: failed. ${c.detail}.`));
    if (index > 0) {
      action = 'rollback';
      toStage = input.stages[0]!.key;
      reasons.push(`The flag reaches ${current.label}; roll back to ${input.stages[0]!.label}.`);
    } else {
      reasons.push(`The flag reaches only ${current.label}: hold there and fix first.`);
    }
  } else if (criticalMissing.length > 0) {
    reasons.push(
      `Inconclusive: ${plural(criticalMissing.length, 'critical check')} ${criticalMissing.length === 1 ? 'lacks' : 'lack'} the data to be judged; hold at ${current.label} until there is evidence.`,
    );
  } else if (verdict === 'pass') {
    if (next) {
      action = 'promote';
      toStage = next.key;
      reasons.push(
        `Score ${score} ≥ ${t.passScore}: promote from ${current.label} to ${next.label}.`,
      );
    } else {
      reasons.push(
        `Score ${score}, but the flag already reaches ${current.label}: nothing to promote.`,
      );
    }
  } else {
    reasons.push(
      score === null
        ? 'No check could be judged: hold until there is evidence.'
        : `Score ${score} is below ${t.passScore} (${verdict}): hold at ${current.label}.`,
    );
  }
  // What is missing first, then what failed or could not be judged elsewhere.
  const rest = checks
    .filter((c) => !criticalFailed.includes(c) && c.result !== 'pass')
    .sort((a, b) => Number(criticalMissing.includes(b)) - Number(criticalMissing.includes(a)));
  for (const c of rest) reasons.push(`${c.label}: ${c.result}. ${c.detail}.`);
  return {
    action,
    fromStage: current.key,
    toStage,
    score,
    verdict,
    checks,
    thresholds: t,
    reasons,
  };
}
