/** The recommendation tables' shared input and runner (shared/decision/*.test.ts). */
import { expect } from 'vitest';
import { DEFAULT_STAGES, DEFAULT_THRESHOLDS, type CheckId } from '../shared/domain/decision';
import { recommend, type RecommendInput } from '../shared/decision/recommend';

export const MIN = 60_000;

/** A session that passes everything: two must-goals met, no findings, a calm error rate. */
export function base(): RecommendInput {
  return {
    session: { started: true, runningMs: 60 * MIN, tenant: 'internal', otherTenantEvents: 0 },
    goals: [
      { id: 'g1', title: 'Pay by card', priority: 'must', outcome: 'met' },
      { id: 'g2', title: 'Refund', priority: 'must', outcome: 'met' },
      { id: 'g3', title: 'Coupons', priority: 'could', outcome: 'not-tested' },
    ],
    findings: [],
    errors: {
      sessionEvents: 800,
      baselineEvents: 900,
      sessionErrorsPerMinute: 0.5,
      baselineErrorsPerMinute: 0.4,
      baselineMinutes: 30,
      newGroups: [],
    },
    gaps: [],
    stages: DEFAULT_STAGES,
    currentStage: 'internal',
    thresholds: DEFAULT_THRESHOLDS,
  };
}
export const finding = (
  n: number,
  severity: 'blocker' | 'major' | 'minor' | 'trivial',
  status: 'open' | 'accepted' | 'fixed' | 'wont-fix' = 'open',
  goalId: string | null = null,
) => ({ id: `f${n}`, number: n, title: `Finding ${n}`, severity, status, goalId });

export type Case = {
  name: string;
  change: (i: RecommendInput) => void;
  results: Partial<Record<CheckId, 'pass' | 'fail' | 'inconclusive'>>;
  action: 'promote' | 'hold' | 'rollback';
  toStage: string | null;
  score: number | null;
  verdict: string;
  /** What the evidence floor's detail says is missing. */
  missing?: RegExp;
};

/** Missing evidence: hold where the flag is, no score, Inconclusive. */
export const HELD = {
  action: 'hold',
  toStage: null,
  score: null,
  verdict: 'inconclusive',
} as const;

/** No event of the tenant at all: the floor and both feed checks lack data. */
export const NO_FEED = {
  'session-evidence': 'inconclusive',
  'error-rate': 'inconclusive',
  'no-large-new-error-group': 'inconclusive',
} as const;

/** Runs one row of a recommendation table: every check's result, the action, score and verdict. */
export function checkCase(c: Case) {
  const input = base();
  c.change(input);
  const r = recommend(input);
  for (const check of r.checks)
    expect([check.id, check.result]).toEqual([check.id, c.results[check.id] ?? 'pass']);
  expect({ action: r.action, toStage: r.toStage, score: r.score, verdict: r.verdict }).toEqual({
    action: c.action,
    toStage: c.toStage,
    score: c.score,
    verdict: c.verdict,
  });
  const floor = r.checks.find((x) => x.id === 'session-evidence')!;
  expect(floor.critical).toBe(true);
  if (c.missing) {
    expect(floor.detail).toMatch(c.missing);
    // The reasons say what is missing, first after the verdict.
    expect(r.reasons[1]).toBe(`${floor.label}: inconclusive. ${floor.detail}.`);
  }
}
