import { describe, expect, it } from 'vitest';
import { eventLog, MIN, T0 } from '../../test-support/eventLog';
import { goalTimes } from './goalTime';

describe('goalTimes', () => {
  it('sums running time per focused goal, not counting pauses', () => {
    const log = eventLog()
      .add('session.started', T0, { order: [] })
      .add('goal.focused', T0 + 2 * MIN, { goalId: 'G1' })
      .add('session.paused', T0 + 5 * MIN, { reason: 'break' })
      .add('session.resumed', T0 + 15 * MIN, {})
      .add('goal.focused', T0 + 16 * MIN, { goalId: 'G2' })
      .add('goal.focused', T0 + 20 * MIN, { goalId: 'G1' });
    expect(goalTimes(log.events, T0 + 22 * MIN)).toEqual({ G1: 4 * MIN + 2 * MIN, G2: 4 * MIN });
    log.add('session.ended', T0 + 25 * MIN, {});
    expect(goalTimes(log.events, T0 + 90 * MIN)).toEqual({ G1: 9 * MIN, G2: 4 * MIN });
  });
});
