import { afterEach, describe, expect, it } from 'vitest';
import { api } from '../../../shared/api/contract';
import { endedRun, runFixture } from '../../../test-support/runFixture';

const MIN = 60_000;
let fx: Awaited<ReturnType<typeof runFixture>>;
afterEach(() => fx.host.dispose());
const endedSession = async () => endedRun((fx = await runFixture()));

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

describe('debrief', () => {
  it('triage: bug and risk notes wait until promoted or set aside', async () => {
    const { host, sessionId, bugId, riskId, goals } = await endedSession();
    let state = await host.call('debrief.get', { sessionId });
    expect(state.untriaged.map((n) => n.id)).toEqual([bugId, riskId]);

    const f1 = await host.call('debrief.createFinding', {
      sessionId,
      finding: { title: 'Coupon crash', noteIds: [bugId], severity: 'blocker' },
    });
    // Type and goal come from the note it was promoted from.
    expect(f1).toMatchObject({ number: 1, type: 'bug', goalId: goals[0], status: 'open' });
    await host.call('debrief.dismissNote', { sessionId, noteId: riskId, dismissed: true });
    state = await host.call('debrief.get', { sessionId });
    expect(state.untriaged).toEqual([]);
    await host.call('debrief.dismissNote', { sessionId, noteId: riskId, dismissed: false });
    expect((await host.call('debrief.get', { sessionId })).untriaged.map((n) => n.id)).toEqual([
      riskId,
    ]);
  });

  it('merging keeps the target’s number and takes the others’ notes and evidence', async () => {
    const { host, sessionId, bugId, riskId } = await endedSession();
    const a = await host.call('debrief.createFinding', {
      sessionId,
      finding: {
        title: 'Checkout',
        noteIds: [bugId],
        evidence: [{ kind: 'group', groupKey: 'TypeError: x', summary: 'x' }],
      },
    });
    const b = await host.call('debrief.createFinding', {
      sessionId,
      finding: {
        title: 'Refund',
        description: 'Seen twice',
        noteIds: [riskId],
        severity: 'blocker',
      },
    });
    const merged = await host.call('debrief.mergeFindings', { targetId: a.id, sourceIds: [b.id] });
    // As serious as the worst of them: a merge never hides a blocker.
    expect(merged).toMatchObject({
      number: 1,
      noteIds: [bugId, riskId],
      description: 'Seen twice',
      severity: 'blocker',
      status: 'open',
    });
    expect(
      (await host.call('decision.recommend', { sessionId })).checks.find(
        (c) => c.id === 'no-open-blocker',
      ),
    ).toMatchObject({ result: 'fail' });
    expect(merged.evidence).toHaveLength(1);
    expect((await host.call('debrief.get', { sessionId })).findings.map((f) => f.number)).toEqual([
      1,
    ]);
    const next = await host.call('debrief.createFinding', {
      sessionId,
      finding: { title: 'Later' },
    });
    expect(next.number).toBe(3); // F-2 stays taken: it was merged, not forgotten
    await host.call('debrief.removeFinding', { id: next.id });
    const after = await host.call('debrief.createFinding', {
      sessionId,
      finding: { title: 'After' },
    });
    expect(after.number).toBe(4); // nor is a deleted finding's number given out again
  });

  it('refuses references to another session’s goals and notes, and changes nothing', async () => {
    const { host, sessionId } = await endedSession();
    await expect(
      host.call('debrief.createFinding', {
        sessionId,
        finding: { title: 'x', goalId: '01HZZZZZZZZZZZZZZZZZZZZZZZ' },
      }),
    ).rejects.toMatchObject({ code: 'invalid_argument', issues: [{ path: 'finding.goalId' }] });
    await expect(
      host.call('debrief.createFinding', {
        sessionId,
        finding: { title: '', severity: 'blocker' },
      }),
    ).rejects.toMatchObject({ code: 'invalid_argument' });
    expect((await host.call('debrief.get', { sessionId })).findings).toEqual([]);
  });
});
