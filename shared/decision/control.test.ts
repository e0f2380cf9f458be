import { describe, expect, it } from 'vitest';
import { CONTROL_MIN_EVENTS, errorRatio, judgeAgainstControl } from './control';

describe('canary against control', () => {
  it('gives the ratio of the error shares with an interval that narrows with more events', () => {
    const small = errorRatio({ events: 100, errors: 4 }, { events: 1000, errors: 20 })!;
    expect(small.ratio).toBeCloseTo(2, 5); // 4 % against 2 %
    expect(small.low).toBeLessThan(2);
    expect(small.high).toBeGreaterThan(2);
    const large = errorRatio({ events: 10_000, errors: 400 }, { events: 100_000, errors: 2000 })!;
    expect(large.ratio).toBeCloseTo(2, 5);
    expect(large.high - large.low).toBeLessThan((small.high - small.low) / 5);
    expect(errorRatio({ events: 50, errors: 0 }, { events: 50, errors: 0 })).toBeNull();
    expect(errorRatio({ events: 50, errors: 3 }, { events: 500, errors: 0 })!.ratio).toBe(Infinity);
  });

  it('passes at most the factor, fails when clearly above it, and holds when it cannot tell', () => {
    const control = { events: 10_000, errors: 100 }; // 1 %
    expect(judgeAgainstControl({ events: 1000, errors: 15 }, control, 2)?.result).toBe('pass');
    expect(judgeAgainstControl({ events: 1000, errors: 0 }, control, 2)?.result).toBe('pass');
    // 10 % against 1 %: far above 2×, and the interval says so.
    const fail = judgeAgainstControl({ events: 1000, errors: 100 }, control, 2)!;
    expect(fail.result).toBe('fail');
    expect(fail.detail).toMatch(
      /with the flag 10\.0 % of 1,000 events were errors, without it 1\.0 %/,
    );
    // 3 of 60 (5 %) against 1 %: above 2×, but three errors cannot show it clearly.
    expect(judgeAgainstControl({ events: 60, errors: 3 }, control, 2)?.result).toBe('inconclusive');
    // An error the flag's path alone has, against a control without errors.
    expect(
      judgeAgainstControl({ events: 500, errors: 40 }, { events: 5000, errors: 0 }, 2)?.result,
    ).toBe('fail');
  });

  it('does not compare with too few events on either side', () => {
    const few = CONTROL_MIN_EVENTS - 1;
    expect(
      judgeAgainstControl({ events: few, errors: 5 }, { events: 1000, errors: 1 }, 2),
    ).toBeNull();
    expect(
      judgeAgainstControl({ events: 1000, errors: 5 }, { events: few, errors: 1 }, 2),
    ).toBeNull();
  });
});
