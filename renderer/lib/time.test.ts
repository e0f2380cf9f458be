import { describe, expect, it } from 'vitest';
import { formatClock, formatLogTime, formatTimeOfDay } from './time';

const at = (y: number, mo: number, d: number, h: number, mi: number, s: number) =>
  new Date(y, mo - 1, d, h, mi, s).getTime();

describe('log times', () => {
  it('are to the second', () => {
    expect(formatTimeOfDay(at(2025, 3, 4, 14, 2, 5), 'en-GB')).toBe('14:02:05');
    expect(formatTimeOfDay(at(2025, 3, 4, 14, 2, 59), 'en-GB')).not.toBe(
      formatTimeOfDay(at(2025, 3, 4, 14, 2, 5), 'en-GB'),
    );
  });

  it('carry the date on the first row and where the day changes, and only there', () => {
    const late = at(2025, 3, 4, 23, 59, 58);
    const midnight = at(2025, 3, 5, 0, 0, 1);
    expect(formatLogTime(late, null, 'en-GB')).toBe('Tue, 4 Mar 2025 23:59:58');
    expect(formatLogTime(late, late - 1000, 'en-GB')).toBe('23:59:58');
    expect(formatLogTime(midnight, late, 'en-GB')).toBe('Wed, 5 Mar 2025 00:00:01');
    // Same time of day, a year apart: still a different day.
    expect(formatLogTime(at(2026, 3, 4, 23, 59, 58), late, 'en-GB')).toContain('2026');
  });

  it('elapsed clock keeps its format', () => {
    expect(formatClock(3_725_000)).toBe('1:02:05');
  });
});
