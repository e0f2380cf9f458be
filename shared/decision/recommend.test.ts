import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../domain/decision';
import { base, checkCase, finding, type Case } from '../../test-support/recommendCases';
import { recommend } from './recommend';

const cases: Case[] = [
  {
    name: 'everything passes at internal → promote to 1 %',
    change: () => {},
    results: {},
    action: 'promote',
    toStage: '1',
    score: 100,
    verdict: 'pass',
  },
  {
    name: 'an open blocker at internal → hold (nothing to roll back)',
    change: (i) => i.findings.push(finding(1, 'blocker')),
    results: { 'no-open-blocker': 'fail' },
    action: 'hold',
    toStage: null,
    score: 0,
    verdict: 'fail',
  },
  {
    name: 'an accepted blocker at 10 % → roll back to internal',
    change: (i) => {
      i.findings.push(finding(1, 'blocker', 'accepted'));
      i.currentStage = '10';
    },
    results: { 'no-open-blocker': 'fail' },
    action: 'rollback',
    toStage: 'internal',
    score: 0,
    verdict: 'fail',
  },
  {
    name: 'a fixed blocker and a won’t-fix blocker do not count',
    change: (i) =>
      i.findings.push(finding(1, 'blocker', 'fixed'), finding(2, 'blocker', 'wont-fix')),
    results: { 'no-open-blocker': 'pass' },
    action: 'promote',
    toStage: '1',
    score: 100,
    verdict: 'pass',
  },
  {
    name: 'an open major on a must-goal → 86 (6 of 7), marginal, hold',
    change: (i) => i.findings.push(finding(1, 'major', 'open', 'g1')),
    results: { 'no-open-major-on-must-goal': 'fail' },
    action: 'hold',
    toStage: null,
    score: 86,
    verdict: 'marginal',
  },
  {
    name: 'an open major on a could-goal passes',
    change: (i) => i.findings.push(finding(1, 'major', 'open', 'g3')),
    results: { 'no-open-major-on-must-goal': 'pass' },
    action: 'promote',
    toStage: '1',
    score: 100,
    verdict: 'pass',
  },
  {
    name: 'a must-goal partly met fails its check',
    change: (i) => (i.goals[1]!.outcome = 'partly-met'),
    results: { 'must-goals-met': 'fail' },
    action: 'hold',
    toStage: null,
    score: 86,
    verdict: 'marginal',
  },
  {
    name: 'a must-goal not tested is inconclusive and not judged',
    change: (i) => (i.goals[1]!.outcome = 'not-tested'),
    results: { 'must-goals-met': 'inconclusive' },
    action: 'promote',
    toStage: '1',
    score: 100,
    verdict: 'pass',
  },
  {
    name: 'no must-goals at all is inconclusive',
    change: (i) => (i.goals = []),
    results: { 'must-goals-met': 'inconclusive' },
    action: 'promote',
    toStage: '1',
    score: 100,
    verdict: 'pass',
  },
  {
    name: 'a new error group with 5 events at 50 % → roll back',
    change: (i) => {
      i.errors.newGroups.push({
        groupKey: 'TypeError: x',
        type: 'TypeError',
        sample: 'x',
        count: 5,
      });
      i.currentStage = '50';
    },
    results: { 'no-large-new-error-group': 'fail' },
    action: 'rollback',
    toStage: 'internal',
    score: 0,
    verdict: 'fail',
  },
  {
    name: 'a new error group below the threshold passes',
    change: (i) =>
      i.errors.newGroups.push({ groupKey: 'k', type: 'TypeError', sample: 'x', count: 4 }),
    results: { 'no-large-new-error-group': 'pass' },
    action: 'promote',
    toStage: '1',
    score: 100,
    verdict: 'pass',
  },
  {
    name: 'the threshold is a setting: 3 events fail at newGroupMinEvents 3',
    change: (i) => {
      i.thresholds = { ...i.thresholds, newGroupMinEvents: 3 };
      i.errors.newGroups.push({ groupKey: 'k', type: 'E', sample: 'x', count: 3 });
    },
    results: { 'no-large-new-error-group': 'fail' },
    action: 'hold',
    toStage: null,
    score: 0,
    verdict: 'fail',
  },
  {
    name: 'error rate above 2× the baseline fails (critical)',
    change: (i) => (i.errors.sessionErrorsPerMinute = 0.81),
    results: { 'error-rate': 'fail' },
    action: 'hold',
    toStage: null,
    score: 0,
    verdict: 'fail',
  },
  {
    name: 'error rate exactly 2× the baseline passes',
    change: (i) => (i.errors.sessionErrorsPerMinute = 0.8),
    results: { 'error-rate': 'pass' },
    action: 'promote',
    toStage: '1',
    score: 100,
    verdict: 'pass',
  },
  {
    name: 'k = 3 lets 1.2/min pass against 0.4',
    change: (i) => {
      i.thresholds = { ...i.thresholds, errorRateFactor: 3 };
      i.errors.sessionErrorsPerMinute = 1.2;
    },
    results: { 'error-rate': 'pass' },
    action: 'promote',
    toStage: '1',
    score: 100,
    verdict: 'pass',
  },
  {
    name: 'a baseline without errors: one error over 30 min is the floor',
    change: (i) => {
      i.errors.baselineErrorsPerMinute = 0;
      i.errors.sessionErrorsPerMinute = 0.05;
    },
    results: { 'error-rate': 'pass' },
    action: 'promote',
    toStage: '1',
    score: 100,
    verdict: 'pass',
  },
  {
    name: 'a gap that was never fetched fails the feeds check',
    change: (i) => i.gaps.push({ id: 1, sourceName: 'Datadog', backfilled: false, to: 5 }),
    results: { 'feeds-complete': 'fail' },
    action: 'hold',
    toStage: null,
    score: 86,
    verdict: 'marginal',
  },
  {
    name: 'a backfilled gap passes',
    change: (i) => i.gaps.push({ id: 1, sourceName: 'Datadog', backfilled: true, to: 5 }),
    results: { 'feeds-complete': 'pass' },
    action: 'promote',
    toStage: '1',
    score: 100,
    verdict: 'pass',
  },
  {
    name: 'two non-critical failures → 71, fail, hold',
    change: (i) => {
      i.gaps.push({ id: 1, sourceName: 'Loki', backfilled: false, to: null });
      i.goals[0]!.outcome = 'not-met';
    },
    results: { 'feeds-complete': 'fail', 'must-goals-met': 'fail' },
    action: 'hold',
    toStage: null,
    score: 71,
    verdict: 'fail',
  },
  {
    name: 'marginal threshold is a setting: 86 passes at passScore 80',
    change: (i) => {
      i.thresholds = { ...i.thresholds, passScore: 80 };
      i.gaps.push({ id: 1, sourceName: 'Loki', backfilled: false, to: 1 });
    },
    results: { 'feeds-complete': 'fail' },
    action: 'promote',
    toStage: '1',
    score: 86,
    verdict: 'pass',
  },
  {
    name: 'already at 100 % → hold, nothing to promote',
    change: (i) => (i.currentStage = '100'),
    results: {},
    action: 'hold',
    toStage: null,
    score: 100,
    verdict: 'pass',
  },
  {
    name: 'at 50 % and passing → promote to everyone',
    change: (i) => (i.currentStage = '50'),
    results: {},
    action: 'promote',
    toStage: '100',
    score: 100,
    verdict: 'pass',
  },
  {
    name: 'a critical failure at 100 % → roll back to internal',
    change: (i) => {
      i.currentStage = '100';
      i.errors.sessionErrorsPerMinute = 5;
    },
    results: { 'error-rate': 'fail' },
    action: 'rollback',
    toStage: 'internal',
    score: 0,
    verdict: 'fail',
  },
];

describe('rollout recommendation', () => {
  it.each(cases)('$name', checkCase);

  it('names its evidence: the blocker, the must-goal, the error group, the gap', () => {
    const input = base();
    input.findings.push(finding(3, 'blocker'));
    input.goals[0]!.outcome = 'not-met';
    input.errors.newGroups.push({
      groupKey: 'TypeError: cart',
      type: 'TypeError',
      sample: 'cart is undefined',
      count: 9,
    });
    input.gaps.push({ id: 7, sourceName: 'Datadog', backfilled: false, to: null });
    const r = recommend(input);
    const evidence = Object.fromEntries(r.checks.map((c) => [c.id, c.evidence]));
    expect(evidence['no-open-blocker']).toEqual([
      { kind: 'finding', id: 'f3', label: 'F-3 Finding 3' },
    ]);
    expect(evidence['must-goals-met']).toEqual([
      { kind: 'goal', id: 'g1', label: 'Pay by card: Not met' },
    ]);
    expect(evidence['no-large-new-error-group']![0]).toMatchObject({
      kind: 'error-group',
      groupKey: 'TypeError: cart',
    });
    expect(evidence['feeds-complete']).toEqual([
      { kind: 'gap', id: 7, label: 'Datadog (still failing)' },
    ]);
    expect(r.reasons[0]).toMatch(/^No open blocker: failed\. 1 blocker still open: F-3/);
    expect(r.thresholds).toEqual(DEFAULT_THRESHOLDS);
  });
});
