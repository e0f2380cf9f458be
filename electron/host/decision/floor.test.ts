import { afterEach, describe, expect, it } from 'vitest';
import type { RawFeedEvent } from '../../../shared/domain/feeds';
import { rawEvent } from '../../../test-support/feedEvents';
import { runFixture } from '../../../test-support/runFixture';
import { recordProblems } from '../exports/validate';

const MIN = 60_000;
let fx: Awaited<ReturnType<typeof runFixture>>;
afterEach(() => fx.host.dispose());

const ingest = (events: RawFeedEvent[]) => {
  fx.host.feeds.ingest('otlp', events);
  fx.host.feeds.flush();
};
const floorOf = (checks: Array<{ id: string; result: string; detail: string }>) =>
  checks.find((c) => c.id === 'session-evidence')!;
/** The fixture's must-goal, met: the goal checks pass, so only the evidence decides. */
const mustGoalMet = () =>
  fx.host.call('debrief.setOutcome', {
    sessionId: fx.sessionId,
    goalId: fx.goals[0]!,
    outcome: 'met',
    reason: '',
  });
const hold = {
  action: 'hold' as const,
  toStage: null,
  rationale: 'No evidence yet',
  conditions: [],
  approverName: 'Dana',
  approverId: null,
};

describe('the evidence floor, through the API', () => {
  it('a session started and ended at once with no events: hold, inconclusive, and the signed record says so', async () => {
    fx = await runFixture();
    const { host, sessionId } = fx;
    await host.call('run.start', { sessionId });
    await host.call('run.end', { sessionId });
    await mustGoalMet();

    const rec = await host.call('decision.recommend', { sessionId });
    expect({ action: rec.action, verdict: rec.verdict, score: rec.score }).toEqual({
      action: 'hold',
      verdict: 'inconclusive',
      score: null,
    });
    expect(floorOf(rec.checks)).toMatchObject({
      result: 'inconclusive',
      critical: true,
      detail:
        'Missing evidence: the session ran 0 s, less than the minimum of 15 min; no events from tenant “internal” arrived while it ran',
    });
    expect(rec.reasons[0]).toMatch(/^Inconclusive: 3 critical checks lack the data to be judged/);

    const signed = await host.call('decision.sign', { sessionId, amends: null, decision: hold });
    expect(signed.disagrees).toBe(false);
    expect(signed.recommendation).toMatchObject({ action: 'hold', verdict: 'inconclusive' });

    const json = await host.call('exports.render', {
      sessionId,
      format: 'json',
      pseudonymise: false,
    });
    const record = JSON.parse(json.content);
    expect(recordProblems(record)).toEqual([]);
    expect(record.recommendation).toMatchObject({
      action: 'hold',
      verdict: 'inconclusive',
      score: null,
      thresholds: { minRunningMinutes: 15 },
    });
    expect(floorOf(record.recommendation.checks).result).toBe('inconclusive');
    const md = await host.call('exports.render', { sessionId, format: 'md', pseudonymise: false });
    expect(md.content).toContain(
      '**Hold at Internal tenant** · inconclusive · 4 of 7 checks judged',
    );
  });

  it('never ran: says so', async () => {
    fx = await runFixture();
    const rec = await fx.host.call('decision.recommend', { sessionId: fx.sessionId });
    expect(rec).toMatchObject({ action: 'hold', verdict: 'inconclusive' });
    expect(floorOf(rec.checks).detail).toMatch(/^Missing evidence: the session never ran/);
  });

  it('running time, not wall time: a long pause does not make a short run long enough', async () => {
    fx = await runFixture();
    const { host, sessionId, advance, now } = fx;
    const t0 = await now();
    ingest([rawEvent(t0 - 10 * MIN, 'before')]);
    await host.call('run.start', { sessionId });
    await advance(10 * MIN);
    ingest([rawEvent((await now()) - MIN, 'during')]);
    await host.call('run.pause', { sessionId, reason: 'break' });
    await advance(60 * MIN);
    await host.call('run.resume', { sessionId });
    await advance(4 * MIN);
    await host.call('run.end', { sessionId });
    const rec = await host.call('decision.recommend', { sessionId });
    expect(floorOf(rec.checks).detail).toBe(
      'Missing evidence: the session ran 14 min, less than the minimum of 15 min',
    );
    expect(rec.action).toBe('hold');
    // The minimum is a setting; at 14 min the same run passes the floor.
    const { rollout } = await host.call('debrief.get', { sessionId });
    await host.call('decision.updateRollout', {
      sessionId,
      settings: { ...rollout, thresholds: { ...rollout.thresholds, minRunningMinutes: 14 } },
    });
    const again = await host.call('decision.recommend', { sessionId });
    expect(floorOf(again.checks).result).toBe('pass');
  });

  it('a mistyped tenant: other tenants’ events only → hold, with a hint', async () => {
    fx = await runFixture();
    const { host, sessionId, advance, now } = fx;
    await host.call('run.start', { sessionId });
    await advance(20 * MIN);
    const t = await now();
    ingest(
      [1, 2, 3].map((i) => rawEvent(t - i * MIN, 'acme', { attributes: { 'tenant.id': 'acme' } })),
    );
    await host.call('run.end', { sessionId });
    const rec = await host.call('decision.recommend', { sessionId });
    expect(rec).toMatchObject({ action: 'hold', verdict: 'inconclusive', score: null });
    expect(floorOf(rec.checks).detail).toBe(
      'Missing evidence: no events from tenant “internal” arrived while it ran (3 events of other tenants were dropped: is the tenant id right?)',
    );
  });

  it('a session with evidence still promotes', async () => {
    fx = await runFixture();
    const { host, sessionId, advance, now } = fx;
    const t0 = await now();
    ingest([rawEvent(t0 - 20 * MIN, 'baseline'), rawEvent(t0 - 5 * MIN, 'baseline')]);
    await host.call('run.start', { sessionId });
    await advance(20 * MIN);
    const t1 = await now();
    ingest([rawEvent(t1 - 10 * MIN, 'during'), rawEvent(t1 - 2 * MIN, 'during')]);
    await host.call('run.end', { sessionId });
    await mustGoalMet();
    const rec = await host.call('decision.recommend', { sessionId });
    expect(floorOf(rec.checks)).toMatchObject({
      result: 'pass',
      detail: 'Ran 20 min (minimum 15 min), 2 events from tenant “internal”',
    });
    expect(rec).toMatchObject({ action: 'promote', toStage: '1', verdict: 'pass', score: 100 });
  });

  it('a decision signed before the floor (no floor check, no minimum) still reads, shows and exports', async () => {
    fx = await runFixture();
    const { host, sessionId } = fx;
    await host.call('run.start', { sessionId });
    await host.call('run.end', { sessionId });
    // What an older version stored: the promote it gave without evidence, as it stood then.
    const now = await host.call('decision.recommend', { sessionId });
    const { minRunningMinutes: _, ...oldThresholds } = now.thresholds;
    const oldRec = {
      ...now,
      action: 'promote' as const,
      toStage: '1',
      score: 100,
      verdict: 'pass' as const,
      checks: now.checks.filter((c) => c.id !== 'session-evidence'),
      thresholds: oldThresholds,
      reasons: ['Score 100 ≥ 95: promote from Internal tenant to 1 %.'],
    };
    const draft = JSON.parse(
      (await host.call('exports.render', { sessionId, format: 'json', pseudonymise: false }))
        .content,
    );
    const signedAt = new Date().toISOString();
    const decision = {
      ...hold,
      action: 'promote',
      toStage: '1',
      id: 'old-decision',
      sessionId,
      version: 1,
      amends: null,
      signedAt,
      fromStage: 'internal',
      recommendation: oldRec,
      disagrees: false,
    };
    const { fromStage: _from, ...recorded } = oldRec;
    const snapshot = {
      ...draft,
      recordId: 'old-decision',
      status: 'signed',
      flag: { ...draft.flag, proposedStage: '1' },
      decision: {
        action: 'promote',
        toStage: '1',
        rationale: hold.rationale,
        conditions: [],
        approver: { name: 'Dana', id: null },
        signedAt,
        version: 1,
        amends: null,
        disagreesWithRecommendation: false,
      },
      recommendation: recorded,
    };
    expect(recordProblems(snapshot)).toEqual([]);
    host.db
      .prepare(
        'INSERT INTO decisions (id, session_id, version, record, signed_at, snapshot) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(
        'old-decision',
        sessionId,
        1,
        JSON.stringify(decision),
        signedAt,
        JSON.stringify(snapshot),
      );

    // Every answer is checked against the contract in this host.
    const [read] = await host.call('decision.history', { sessionId });
    expect(read!.recommendation.thresholds.minRunningMinutes).toBeUndefined();
    const md = await host.call('exports.render', { sessionId, format: 'md', pseudonymise: false });
    expect(md.content).toContain('**Promote to 1 %** · score 100 (pass) · 3 of 6 checks judged');
    const html = await host.call('exports.render', {
      sessionId,
      format: 'html',
      pseudonymise: false,
    });
    expect(html.content).toContain('score 100 (pass) · 3 of 6 checks judged');
    expect(html.content).not.toContain('undefined');
  });
});
