import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { endedRun, runFixture } from '../../../test-support/runFixture';

let fx: Awaited<ReturnType<typeof runFixture>>;
afterEach(() => fx.host.dispose());
const endedSession = async () => endedRun((fx = await runFixture()));

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

  it('refuses fractional stages for Unleash when they are saved, keeping the settings as they were', async () => {
    const { host, sessionId } = await endedSession();
    const { rollout } = await host.call('debrief.get', { sessionId });
    const stages = [...rollout.stages];
    stages[1] = { key: 'half', label: 'Half a percent', percent: 0.5 };
    const saved = await host.call('decision.updateRollout', {
      sessionId,
      settings: { ...rollout, stages },
    });
    expect(saved.stages[1]!.percent).toBe(0.5); // flagd splits fractions: fine
    await expect(
      host.call('decision.updateRollout', {
        sessionId,
        settings: { ...rollout, stages, provider: 'unleash' },
      }),
    ).rejects.toThrow(/Unleash rolls out in whole percents: Half a percent \(0.5 %\)/);
    expect((await host.call('debrief.get', { sessionId })).rollout.provider).toBe('flagd');
  });
});
