import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../domain/decision';
import { recommendationLine, scoreSummary } from './summary';

const checks = (...results: CheckResult[]) => results.map((result) => ({ result }));
const label = (key: string) => (key === '1' ? '1 %' : key);

describe('the score line every view and export shows', () => {
  it('missing evidence: Hold · inconclusive · judged of total', () => {
    const r = {
      action: 'hold' as const,
      toStage: null,
      score: null,
      verdict: 'inconclusive' as const,
      checks: checks(
        'inconclusive',
        'pass',
        'pass',
        'inconclusive',
        'inconclusive',
        'inconclusive',
        'pass',
      ),
    };
    expect(recommendationLine(r, label)).toBe('Hold · inconclusive · 3 of 7 checks judged');
  });

  it('a judged recommendation names the stage, the score and the verdict', () => {
    const r = {
      action: 'promote' as const,
      toStage: '1',
      score: 100,
      verdict: 'pass' as const,
      checks: checks('pass', 'pass', 'pass', 'pass', 'pass', 'pass', 'pass'),
    };
    expect(recommendationLine(r, label)).toBe(
      'Promote to 1 % · score 100 (pass) · 7 of 7 checks judged',
    );
  });

  it('a record signed before the floor reads the same way, from its own checks', () => {
    const old = { score: 100, verdict: 'pass' as const, checks: checks('pass', 'inconclusive') };
    expect(scoreSummary(old)).toBe('score 100 (pass) · 1 of 2 checks judged');
    expect(scoreSummary({ ...old, checks: checks('pass') })).toBe(
      'score 100 (pass) · 1 of 1 check judged',
    );
  });
});
