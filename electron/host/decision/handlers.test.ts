import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runFixture } from '../../../test-support/runFixture';

let fx: Awaited<ReturnType<typeof runFixture>>;
afterEach(() => fx.host.dispose());
const MIN = 60_000;

/** A run with a bug, a risk, a question and an observation noted, then ended. */
async function endedSession() {
  fx = await runFixture();
  const { host, sessionId, people, goals, noteOp, advance } = fx;
  const start = await host.call('run.start', { sessionId });
  const bug = noteOp(people.Cleo!, 'Coupon crashes checkout', start.hostNow + MIN, {
    type: 'bug',
    goalId: goals[0]!,
  });
  const risk = noteOp(people.Ben!, 'Refund may double-charge', start.hostNow + 2 * MIN, {
    type: 'risk',
  });
  const obs = noteOp(people.Ana!, 'Nice new layout', start.hostNow + 3 * MIN);
  await advance(4 * MIN);
  await host.call('notes.apply', { sessionId, ops: [bug, risk, obs] });
  await host.call('run.end', { sessionId });
  const idOf = (op: typeof bug) => (op.kind === 'note.create' ? op.note.id : '');
  return { ...fx, bugId: idOf(bug), riskId: idOf(risk) };
}

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

describe('decision', () => {
  it('recommends from the debrief, records a signed decision and its disagreement, never edits it', async () => {
    const { host, sessionId, bugId, goals } = await endedSession();
    await host.call('debrief.createFinding', {
      sessionId,
      finding: { title: 'Coupon crash', noteIds: [bugId], severity: 'blocker' },
    });
    await host.call('debrief.setOutcome', {
      sessionId,
      goalId: goals[0]!,
      outcome: 'met',
      reason: '',
    });
    const rec = await host.call('decision.recommend', { sessionId });
    expect(rec.checks.find((c) => c.id === 'no-open-blocker')).toMatchObject({ result: 'fail' });
    expect(rec).toMatchObject({ action: 'hold', toStage: null, score: 0 });

    const signed = await host.call('decision.sign', {
      sessionId,
      amends: null,
      decision: {
        action: 'promote',
        toStage: '1',
        rationale: 'The blocker is behind a kill switch',
        conditions: ['Fix F-1 before 10 %'],
        approverName: 'Dana (PO)',
        approverId: null,
      },
    });
    expect(signed).toMatchObject({
      version: 1,
      disagrees: true,
      fromStage: 'internal',
      amends: null,
    });
    expect(signed.recommendation.action).toBe('hold');

    await expect(
      host.call('decision.sign', {
        sessionId,
        amends: null,
        decision: { ...signed, action: 'hold', toStage: null } as never,
      }),
    ).rejects.toMatchObject({ code: 'invalid_argument' }); // extra keys are refused
    await expect(
      host.call('decision.sign', {
        sessionId,
        amends: null,
        decision: {
          action: 'hold',
          toStage: null,
          rationale: 'Wait',
          conditions: [],
          approverName: 'Dana',
          approverId: null,
        },
      }),
    ).rejects.toThrow(/Version 1 is signed and cannot be changed; amend it/);
    const amended = await host.call('decision.sign', {
      sessionId,
      amends: signed.id,
      decision: {
        action: 'hold',
        toStage: null,
        rationale: 'Wait for the fix',
        conditions: [],
        approverName: 'Dana',
        approverId: null,
      },
    });
    expect(amended).toMatchObject({ version: 2, amends: signed.id, disagrees: false });
    expect((await host.call('decision.history', { sessionId })).map((d) => d.version)).toEqual([
      1, 2,
    ]);
    // Not even the database lets a signed record change.
    const db = new Database(path.join(fx.host.dataDir, 'ensemble.db'));
    try {
      expect(() => db.prepare("UPDATE decisions SET record = '{}'").run()).toThrow(
        /A signed decision cannot be changed; amend it instead/,
      );
    } finally {
      db.close();
    }
  });

  it('refuses to sign before the end, and stages that do not fit the action', async () => {
    fx = await runFixture();
    const { host, sessionId } = fx;
    const decision = {
      action: 'promote' as const,
      toStage: '10',
      rationale: 'ok',
      conditions: [],
      approverName: 'Dana',
      approverId: null,
    };
    await expect(host.call('decision.sign', { sessionId, amends: null, decision })).rejects.toThrow(
      /End the session before signing/,
    );
    await host.call('run.start', { sessionId });
    await host.call('run.end', { sessionId });
    await expect(
      host.call('decision.sign', {
        sessionId,
        amends: null,
        decision: { ...decision, action: 'rollback', toStage: 'internal' },
      }),
    ).rejects.toThrow(/nothing to roll back/);
    await expect(
      host.call('decision.sign', {
        sessionId,
        amends: null,
        decision: { ...decision, toStage: 'nope' },
      }),
    ).rejects.toThrow(/not one of the stages/);
    expect(await host.call('decision.history', { sessionId })).toEqual([]);
  });

  it('the flag key and release may be named after the run, until a decision is signed', async () => {
    const { host, sessionId } = await endedSession();
    await expect(
      host.call('exports.render', { sessionId, format: 'flagd', pseudonymise: false }),
    ).rejects.toThrow(/names no flag key/);
    await host.call('sessions.update', { id: sessionId, patch: { flagKey: 'new-checkout' } });
    await expect(
      host.call('sessions.update', { id: sessionId, patch: { title: 'Renamed' } }),
    ).rejects.toMatchObject({ code: 'conflict' });
    await host.call('decision.sign', {
      sessionId,
      amends: null,
      decision: {
        action: 'promote',
        toStage: '1',
        rationale: 'ok',
        conditions: [],
        approverName: 'Dana',
        approverId: null,
      },
    });
    const flagd = await host.call('exports.render', {
      sessionId,
      format: 'flagd',
      pseudonymise: false,
    });
    expect(flagd.content).toContain('new-checkout');
    await expect(
      host.call('sessions.update', { id: sessionId, patch: { flagKey: 'other' } }),
    ).rejects.toThrow(/stay as signed/);
  });

  it('a signed record stays as signed when the debrief changes afterwards', async () => {
    const { host, sessionId, bugId } = await endedSession();
    const f = await host.call('debrief.createFinding', {
      sessionId,
      finding: { title: 'Coupon crash', noteIds: [bugId], severity: 'blocker' },
    });
    await host.call('decision.sign', {
      sessionId,
      amends: null,
      decision: {
        action: 'hold',
        toStage: null,
        rationale: 'Fix first',
        conditions: [],
        approverName: 'Dana',
        approverId: null,
      },
    });
    const signed = (
      await host.call('exports.render', { sessionId, format: 'json', pseudonymise: false })
    ).content;
    await host.call('debrief.updateFinding', {
      id: f.id,
      patch: { severity: 'trivial', status: 'fixed' },
    });
    const { rollout } = await host.call('debrief.get', { sessionId });
    await host.call('decision.updateRollout', {
      sessionId,
      settings: { ...rollout, provider: 'unleash' },
    });
    const again = (
      await host.call('exports.render', { sessionId, format: 'json', pseudonymise: false })
    ).content;
    expect(again).toBe(signed);
    expect(JSON.parse(again).findings[0]).toMatchObject({ severity: 'blocker', status: 'open' });
  });

  it('only the product owner signs when the session names one', async () => {
    fx = await runFixture();
    const { host, sessionId, people } = fx;
    await host.call('sessions.update', { id: sessionId, patch: { productOwnerId: people.Dev! } });
    await host.call('run.start', { sessionId });
    await host.call('run.end', { sessionId });
    const decision = {
      action: 'hold' as const,
      toStage: null,
      rationale: 'Wait',
      conditions: [],
      approverName: 'Ana',
      approverId: people.Ana!,
    };
    await expect(
      host.call('decision.sign', { sessionId, amends: null, decision }),
    ).rejects.toMatchObject({
      issues: [
        {
          path: 'decision.approverId',
          message: 'Only the session’s product owner signs its decision',
        },
      ],
    });
    const signed = await host.call('decision.sign', {
      sessionId,
      amends: null,
      decision: { ...decision, approverName: 'Dev', approverId: people.Dev! },
    });
    expect(signed.approverId).toBe(people.Dev);
  });

  it('refuses stages that do not grow and thresholds that cannot be reached', async () => {
    const { host, sessionId } = await endedSession();
    const { rollout } = await host.call('debrief.get', { sessionId });
    await expect(
      host.call('decision.updateRollout', {
        sessionId,
        settings: {
          ...rollout,
          stages: [...rollout.stages.slice(0, 3), { key: 'zero', label: 'Zero', percent: 0 }],
        },
      }),
    ).rejects.toThrow(/reaches more people than the one before/);
    await expect(
      host.call('decision.updateRollout', {
        sessionId,
        settings: {
          ...rollout,
          thresholds: { ...rollout.thresholds, passScore: 70, marginalScore: 80 },
        },
      }),
    ).rejects.toThrow(/Marginal starts at or below Pass/);
  });

  it('exports the decision record as JSON, pseudonymised when asked', async () => {
    const { host, sessionId, bugId } = await endedSession();
    await host.call('debrief.createFinding', {
      sessionId,
      finding: { title: 'Coupon crash', noteIds: [bugId] },
    });
    const out = await host.call('exports.render', {
      sessionId,
      format: 'json',
      pseudonymise: true,
    });
    const record = JSON.parse(out.content);
    expect(record).toMatchObject({
      status: 'draft',
      session: { pseudonymised: true },
      scope: { tenantValue: 'internal' },
    });
    expect(record.session.participants.map((p: { name: string }) => p.name)).toEqual([
      'Participant 1',
      'Participant 2',
      'Participant 3',
      'Participant 4',
    ]);
    expect(out.content).not.toContain('Cleo');
    expect(record.findings[0]).toMatchObject({ ref: 'F-1', notes: [{ author: 'Participant 3' }] });
  });
});
