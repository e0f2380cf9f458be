import { describe, expect, it } from 'vitest';
import { base, checkCase, HELD, type Case } from '../../test-support/recommendCases';
import { recommend } from './recommend';

const PROMOTED = {
  action: 'promote',
  toStage: '1',
  score: 100,
  verdict: 'pass',
} as const;

/** Canary against control: the tenants the flag is off for, in the same minutes. */
const cases: Case[] = [
  {
    name: 'an error share like the control group’s passes, even with no baseline',
    change: (i) => {
      i.errors.baselineEvents = 0;
      i.errors.sessionErrors = 8; // 1 % of 800
      i.errors.control = { events: 20_000, errors: 180 }; // 0.9 %
    },
    results: {},
    ...PROMOTED,
  },
  {
    name: 'clearly worse than without the flag fails (critical) → hold at the internal tenant',
    change: (i) => {
      i.errors.sessionErrors = 80; // 10 %
      i.errors.control = { events: 20_000, errors: 200 }; // 1 %
    },
    results: { 'error-rate': 'fail' },
    action: 'hold',
    toStage: null,
    score: 0,
    verdict: 'fail',
  },
  {
    name: 'above the factor but not clearly: inconclusive → hold',
    change: (i) => {
      i.errors.sessionEvents = 60;
      i.errors.sessionErrors = 3; // 5 %
      i.errors.control = { events: 10_000, errors: 100 }; // 1 %
    },
    results: { 'error-rate': 'inconclusive' },
    ...HELD,
  },
  {
    name: 'too few events without the flag: judged against the baseline as before',
    change: (i) => {
      i.errors.sessionErrors = 80;
      i.errors.control = { events: 19, errors: 0 };
    },
    results: {},
    ...PROMOTED,
  },
  {
    name: 'a large new error group that the tenants without the flag have too does not fail',
    change: (i) => {
      i.errors.newGroups = [
        { groupKey: 'k', type: 'InventoryError', sample: 'stock timeout', count: 40, control: 300 },
      ];
    },
    results: {},
    ...PROMOTED,
  },
  {
    name: 'a large new error group only where the flag is on fails',
    change: (i) => {
      i.errors.newGroups = [
        { groupKey: 'k', type: 'CouponError', sample: 'NaN total', count: 40, control: 0 },
      ];
    },
    results: { 'no-large-new-error-group': 'fail' },
    action: 'hold',
    toStage: null,
    score: 0,
    verdict: 'fail',
  },
];

describe('canary against control in the recommendation', () => {
  it.each(cases)('$name', checkCase);

  it('says which comparison it made and what the numbers were', () => {
    const input = base();
    input.errors.sessionErrors = 80;
    input.errors.control = { events: 20_000, errors: 200 };
    input.errors.newGroups = [
      { groupKey: 'a', type: 'InventoryError', sample: 's', count: 40, control: 9 },
      { groupKey: 'b', type: 'CouponError', sample: 's', count: 12, control: 0 },
    ];
    const checks = recommend(input).checks;
    const rate = checks.find((c) => c.id === 'error-rate')!;
    expect(rate.label).toBe('Error rate at most 2× the tenants without the flag');
    expect(rate.detail).toMatch(
      /^with the flag 10\.0 % of 800 events were errors, without it 1\.0 % of 20,000 \(same minutes\): ratio 10\.0, 95 % interval \d+\.\d+–\d+\.\d+, all of it above 2×/,
    );
    const groups = checks.find((c) => c.id === 'no-large-new-error-group')!;
    expect(groups.detail).toContain('CouponError (12)');
    expect(groups.detail).toContain('1 larger one also without the flag: not counted');
  });
});
