import { afterEach, describe, expect, it } from 'vitest';
import { api } from '../../../shared/api/contract';
import { runFixture } from '../../../test-support/runFixture';

const MIN = 60_000;
let fx: Awaited<ReturnType<typeof runFixture>>;
afterEach(() => fx.host.dispose());

describe('debrief.metrics', () => {
  it('answers the session’s figures, checked against the contract like every answer', async () => {
    fx = await runFixture(); // its host checks every result against the contract
    const { host, sessionId, people, goals, advance, noteOp } = fx;
    const start = await host.call('run.start', { sessionId });
    await host.call('run.focusGoal', { sessionId, goalId: goals[0]! });
    await host.call('notes.apply', {
      sessionId,
      ops: [noteOp(people.Ana!, 'Two totals', start.hostNow, { type: 'bug' })],
    });
    await advance(5 * MIN); // before the 8-minute turn ends
    await host.call('run.rotate', { sessionId });
    await host.call('run.end', { sessionId });

    const { metrics, goalMinutes } = await host.call('debrief.metrics', { sessionId });
    expect(metrics).toMatchObject({
      durationMinutes: 5,
      rotations: 1,
      notesByType: { bug: 1 },
      notesByPerson: [{ name: 'Ana', count: 1 }],
    });
    expect(goalMinutes[goals[0]!]).toBe(5);
  });

  it('refuses metrics that do not have the record’s shape', () => {
    const result = api['debrief.metrics'].result;
    expect(result.safeParse({ metrics: {}, goalMinutes: {} }).success).toBe(false);
  });
});
