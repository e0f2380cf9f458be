import { describe, expect, it } from 'vitest';
import { DEFAULT_STAGES, DEFAULT_THRESHOLDS, type CheckId } from '../domain/decision';
import { recommend, type RecommendInput } from './recommend';

const MIN = 60_000;

/** A session that passes everything: two must-goals met, no findings, a calm error rate. */
function base(): RecommendInput {
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
const finding = (
  n: number,
  severity: 'blocker' | 'major' | 'minor' | 'trivial',
  status: 'open' | 'accepted' | 'fixed' | 'wont-fix' = 'open',
  goalId: string | null = null,
) => ({ id: `f${n}`, number: n, title: `Finding ${n}`, severity, status, goalId });

type Case = {
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
const HELD = { action: 'hold', toStage: null, score: null, verdict: 'inconclusive' } as const;

/** No event of the tenant at all: the floor and both feed checks lack data. */
const NO_FEED = {
  'session-evidence': 'inconclusive',
  'error-rate': 'inconclusive',
  'no-large-new-error-group': 'inconclusive',
} as const;

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
    name: 'no events before the session: the rate is inconclusive (critical) → hold',
    change: (i) => (i.errors.baselineEvents = 0),
    results: { 'error-rate': 'inconclusive' },
    ...HELD,
  },
  {
    name: 'no feed at all: the floor and both feed checks inconclusive → hold',
    change: (i) => {
      i.errors.sessionEvents = 0;
      i.errors.baselineEvents = 0;
    },
    results: NO_FEED,
    ...HELD,
    missing: /^Missing evidence: no events from tenant “internal” arrived while it ran$/,
  },
  {
    name: 'never ran → hold, inconclusive',
    change: (i) => {
      i.session = { ...i.session, started: false, runningMs: 0 };
      i.errors.sessionEvents = 0;
    },
    results: { 'session-evidence': 'inconclusive', 'error-rate': 'inconclusive' },
    ...HELD,
    missing: /^Missing evidence: the session never ran; no events from tenant “internal”$/,
  },
  {
    name: 'events during the session but never ran long enough: 14 min 59 s of 15 → hold',
    change: (i) => (i.session.runningMs = 15 * MIN - 1000),
    results: { 'session-evidence': 'inconclusive' },
    ...HELD,
    missing: /the session ran 14 min 59 s, less than the minimum of 15 min$/,
  },
  {
    name: 'a 3-second session with a mistyped tenant (others’ events only) → hold, says so',
    change: (i) => {
      i.session = { ...i.session, runningMs: 3000, tenant: 'internl', otherTenantEvents: 412 };
      i.errors.sessionEvents = 0;
      i.errors.baselineEvents = 0;
    },
    results: NO_FEED,
    ...HELD,
    missing:
      /ran 3 s, less than the minimum of 15 min; no events from tenant “internl” arrived while it ran \(412 events of other tenants were dropped: is the tenant id right\?\)$/,
  },
  {
    name: 'exactly the minimum running time passes',
    change: (i) => (i.session.runningMs = 15 * MIN),
    results: {},
    action: 'promote',
    toStage: '1',
    score: 100,
    verdict: 'pass',
  },
  {
    name: 'the minimum is a setting: 29 min fail to reach 30, 30 reach it',
    change: (i) => {
      i.thresholds = { ...i.thresholds, minRunningMinutes: 30 };
      i.session.runningMs = 29 * MIN;
    },
    results: { 'session-evidence': 'inconclusive' },
    ...HELD,
    missing: /ran 29 min, less than the minimum of 30 min$/,
  },
  {
    name: 'one event from the tenant is enough for the floor',
    change: (i) => (i.errors.sessionEvents = 1),
    results: {},
    action: 'promote',
    toStage: '1',
    score: 100,
    verdict: 'pass',
  },
  {
    name: 'missing evidence at 50 % → hold there, neither promote nor roll back',
    change: (i) => {
      i.currentStage = '50';
      i.session.runningMs = MIN;
    },
    results: { 'session-evidence': 'inconclusive' },
    ...HELD,
  },
  {
    name: 'a failed critical check wins over missing evidence: at 10 % → roll back',
    change: (i) => {
      i.currentStage = '10';
      i.session.runningMs = MIN;
      i.findings.push(finding(1, 'blocker'));
    },
    results: { 'session-evidence': 'inconclusive', 'no-open-blocker': 'fail' },
    action: 'rollback',
    toStage: 'internal',
    score: 0,
    verdict: 'fail',
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
  it.each(cases)('$name', (c) => {
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
  });

  it('never promotes without evidence, at any stage, whatever else passes', () => {
    const gaps: Array<[string, (i: RecommendInput) => void]> = [
      ['never ran', (i) => (i.session = { ...i.session, started: false, runningMs: 0 })],
      ['too short', (i) => (i.session.runningMs = 15 * MIN - 1)],
      ['no events', (i) => (i.errors.sessionEvents = 0)],
      ['no baseline', (i) => (i.errors.baselineEvents = 0)],
      ['wrong tenant', (i) => ((i.errors.sessionEvents = 0), (i.errors.baselineEvents = 0))],
    ];
    for (const [name, change] of gaps)
      for (const stage of DEFAULT_STAGES) {
        const input = base();
        input.currentStage = stage.key;
        input.thresholds = { ...input.thresholds, passScore: 0, marginalScore: 0 };
        change(input);
        const r = recommend(input);
        expect([name, stage.key, r.action, r.verdict, r.score]).toEqual([
          name,
          stage.key,
          'hold',
          'inconclusive',
          null,
        ]);
      }
  });

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

  it('a non-critical check without data is left out of the score; a critical one is not', () => {
    const input = base();
    input.goals = [];
    const r = recommend(input);
    expect(r.checks.filter((c) => c.result === 'inconclusive').map((c) => c.id)).toEqual([
      'must-goals-met',
    ]);
    expect({ score: r.score, verdict: r.verdict, action: r.action }).toEqual({
      score: 100,
      verdict: 'pass',
      action: 'promote',
    });
    input.errors.baselineEvents = 0;
    const held = recommend(input);
    expect({ score: held.score, verdict: held.verdict, action: held.action }).toEqual({
      score: null,
      verdict: 'inconclusive',
      action: 'hold',
    });
    expect(held.reasons[0]).toBe(
      'Inconclusive: 1 critical check lacks the data to be judged; hold at Internal tenant until there is evidence.',
    );
  });
});
