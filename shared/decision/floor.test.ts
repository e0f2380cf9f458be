import { describe, expect, it } from 'vitest';
import { DEFAULT_STAGES } from '../domain/decision';
import {
  base,
  checkCase,
  finding,
  HELD,
  MIN,
  NO_FEED,
  type Case,
} from '../../test-support/recommendCases';
import { recommend, type RecommendInput } from './recommend';

/** The evidence floor: missing data is never a pass. */
const cases: Case[] = [
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
];

describe('the evidence floor', () => {
  it.each(cases)('$name', checkCase);

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
