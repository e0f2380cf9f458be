import { describe, expect, it } from 'vitest';
import { DEFAULT_STAGES, DEFAULT_THRESHOLDS } from '../domain/decision';
import { recommend, type RecommendInput } from './recommend';
import { recommendationLine, scoreSummary } from './summary';

const input = (sessionEvents: number): RecommendInput => ({
  session: { started: true, runningMs: 3000, tenant: 'internal', otherTenantEvents: 0 },
  goals: [],
  findings: [],
  errors: {
    sessionEvents,
    baselineEvents: 0,
    sessionErrorsPerMinute: 0,
    baselineErrorsPerMinute: 0,
    baselineMinutes: 30,
    newGroups: [],
  },
  gaps: [],
  stages: DEFAULT_STAGES,
  currentStage: 'internal',
  thresholds: DEFAULT_THRESHOLDS,
});
const label = (key: string) => DEFAULT_STAGES.find((s) => s.key === key)!.label;

describe('the score line every view and export shows', () => {
  it('a session without data: Hold · inconclusive · judged of total', () => {
    expect(recommendationLine(recommend(input(0)), label)).toBe(
      'Hold · inconclusive · 3 of 7 checks judged',
    );
  });

  it('a judged recommendation names the stage, the score and the verdict', () => {
    const r = recommend({
      ...input(500),
      session: { started: true, runningMs: 3_600_000, tenant: 'internal', otherTenantEvents: 0 },
      goals: [{ id: 'g', title: 'Pay', priority: 'must', outcome: 'met' }],
      errors: { ...input(500).errors, baselineEvents: 400 },
    });
    expect(recommendationLine(r, label)).toBe(
      'Promote to 1 % · score 100 (pass) · 7 of 7 checks judged',
    );
  });

  it('a record signed before the floor reads the same way, from its own checks', () => {
    const old = {
      score: 100,
      verdict: 'pass' as const,
      checks: [{ result: 'pass' as const }, { result: 'inconclusive' as const }],
    };
    expect(scoreSummary(old)).toBe('score 100 (pass) · 1 of 2 checks judged');
  });
});
