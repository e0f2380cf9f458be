import { describe, expect, it } from 'vitest';
import { clockStatus, elapsedAt, momentOfElapsed, runningIntervals } from './clock';
import { eventLog, MIN, T0 } from '../../test-support/eventLog';

describe('session clock', () => {
  const log = eventLog()
    .add('session.started', T0, { order: [] })
    .add('session.paused', T0 + 10 * MIN, { reason: 'pause' })
    .add('session.resumed', T0 + 15 * MIN, {})
    .add('session.paused', T0 + 20 * MIN, { reason: 'break' })
    .add('session.resumed', T0 + 30 * MIN, {});
  const intervals = runningIntervals(log.events);

  it('counts only running time, whatever happened in memory', () => {
    expect(elapsedAt(intervals, T0 - MIN)).toBe(0);
    expect(elapsedAt(intervals, T0 + 5 * MIN)).toBe(5 * MIN);
    expect(elapsedAt(intervals, T0 + 12 * MIN)).toBe(10 * MIN); // paused
    expect(elapsedAt(intervals, T0 + 17 * MIN)).toBe(12 * MIN);
    expect(elapsedAt(intervals, T0 + 25 * MIN)).toBe(15 * MIN); // on a break
    expect(elapsedAt(intervals, T0 + 40 * MIN)).toBe(25 * MIN);
  });

  it('finds the moment a given running time is reached', () => {
    expect(momentOfElapsed(intervals, 5 * MIN)).toBe(T0 + 5 * MIN);
    expect(momentOfElapsed(intervals, 12 * MIN)).toBe(T0 + 17 * MIN);
    expect(momentOfElapsed(intervals, 16 * MIN)).toBe(T0 + 31 * MIN); // future of the open stretch
    const stopped = runningIntervals(
      eventLog()
        .add('session.started', T0, { order: [] })
        .add('session.paused', T0 + MIN, { reason: 'pause' }).events,
    );
    expect(momentOfElapsed(stopped, 2 * MIN)).toBeNull();
  });

  it('knows the status from the last lifecycle event', () => {
    expect(clockStatus([])).toBe('draft');
    expect(clockStatus(log.events)).toBe('running');
    expect(clockStatus(log.add('session.ended', T0 + 50 * MIN, {}).events)).toBe('ended');
    expect(elapsedAt(runningIntervals(log.events), T0 + 90 * MIN)).toBe(35 * MIN);
  });
});
