import { afterEach, describe, expect, it } from 'vitest';
import type { HostEvent } from '../../../shared/api/events';
import { createHost } from '../host';
import { runFixture } from '../../../test-support/runFixture';

const MIN = 60_000;
const caller = { transport: 'test' } as const;
let fx: Awaited<ReturnType<typeof runFixture>>;
afterEach(() => fx.host.dispose());

describe('session lifecycle', () => {
  it('goes draft → running ⇄ paused → ended, refusing what does not fit with a clear reason', async () => {
    fx = await runFixture();
    const { host, sessionId } = fx;
    expect(await host.dispatch('run.pause', { sessionId }, caller)).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'Cannot pause: the session has not started' },
    });
    expect((await host.call('run.start', { sessionId })).status).toBe('running');
    expect((await host.call('sessions.get', { id: sessionId })).session.status).toBe('running');
    expect(await host.dispatch('run.start', { sessionId }, caller)).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect((await host.call('run.pause', { sessionId })).status).toBe('paused');
    expect((await host.call('run.resume', { sessionId })).status).toBe('running');
    expect((await host.call('run.end', { sessionId })).status).toBe('ended');
    expect(await host.dispatch('run.rotate', { sessionId }, caller)).toMatchObject({
      ok: false,
      error: { message: 'Cannot rotate: the session has ended' },
    });
    expect(
      await host.dispatch('sessions.update', { id: sessionId, patch: { title: 'x' } }, caller),
    ).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(
      await host.dispatch('run.state', { sessionId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }, caller),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('needs two people to start', async () => {
    fx = await runFixture({ people: ['Ana'] });
    expect(await fx.host.dispatch('run.start', { sessionId: fx.sessionId }, caller)).toMatchObject({
      ok: false,
      error: {
        message: 'A session needs at least two participants to start: one drives, one navigates',
      },
    });
  });

  it('keeps time across a pause and across a host restart', async () => {
    fx = await runFixture();
    const { host, sessionId, advance } = fx;
    await host.call('run.start', { sessionId });
    await advance(10 * MIN);
    await host.call('run.pause', { sessionId });
    await advance(5 * MIN);
    expect((await host.call('run.state', { sessionId })).elapsedMs).toBe(10 * MIN);
    await host.call('run.resume', { sessionId });
    await advance(2 * MIN);
    const before = await host.call('run.state', { sessionId });
    expect(before.elapsedMs).toBe(12 * MIN);
    // A new host on the same data: the clock is derived from the log, not from memory.
    const again = createHost({
      dataDir: host.dataDir,
      mode: 'web',
      clock: { now: () => before.hostNow },
    });
    expect((await again.call('run.state', { sessionId })).elapsedMs).toBe(12 * MIN);
    again.close();
  });
});

describe('rotation through the API', () => {
  it('rotates by itself when a turn ends, and tells every client', async () => {
    fx = await runFixture();
    const { host, sessionId, people, advance } = fx;
    const events: HostEvent[] = [];
    host.subscribe((e) => events.push(e));
    const start = await host.call('run.start', { sessionId });
    expect(start.roles.map((r) => r.participantId)).toEqual([people.Ana, people.Dev, people.Cleo]);
    await advance(8 * MIN);
    const after = await host.call('run.state', { sessionId });
    expect(after.rotationCount).toBe(1);
    expect(after.roles[0]!.participantId).toBe(people.Ben);
    const timeline = await host.call('notes.timeline', { sessionId });
    const rotated = timeline.events.filter((e) => e.type === 'rotation.rotated');
    expect(rotated).toEqual([
      expect.objectContaining({ at: start.hostNow + 8 * MIN, payload: { reason: 'auto' } }),
    ]);
    expect(
      events.some((e) => e.event === 'run.changed' && e.payload.snapshot.rotationCount === 1),
    ).toBe(true);
  });

  it('waits for a click when auto-rotate is off', async () => {
    fx = await runFixture();
    const { host, sessionId, advance } = fx;
    await host.call('run.setAutoRotate', { sessionId, autoRotate: false });
    await host.call('run.start', { sessionId });
    await advance(9 * MIN);
    const waiting = await host.call('run.state', { sessionId });
    expect(waiting.rotationCount).toBe(0);
    expect(waiting.turn.endsElapsedMs - waiting.elapsedMs).toBe(-MIN);
    expect((await host.call('run.rotate', { sessionId })).rotationCount).toBe(1);
  });

  it('catches up on turns that ended while the host was down', async () => {
    fx = await runFixture();
    const { host, sessionId } = fx;
    const start = await host.call('run.start', { sessionId });
    host.close();
    const later = createHost({
      dataDir: host.dataDir,
      mode: 'web',
      clock: { now: () => start.hostNow + 20 * MIN },
    });
    const state = await later.call('run.state', { sessionId });
    expect(state.rotationCount).toBe(2);
    expect(state.turn.endsElapsedMs - state.elapsedMs).toBe(4 * MIN);
    later.close();
    fx.host = Object.assign(fx.host, { close: () => {} });
  });

  it('skips, takes back, swaps, shuffles and takes people out of the rotation, recording each', async () => {
    fx = await runFixture();
    const { host, sessionId, people } = fx;
    await host.call('run.start', { sessionId });
    expect(
      (await host.call('run.skip', { sessionId, participantId: people.Ben! })).awayIds,
    ).toEqual([people.Ben]);
    expect(
      await host.dispatch('run.skip', { sessionId, participantId: people.Ben }, caller),
    ).toMatchObject({
      ok: false,
      error: { message: 'participantId: Ben is not in the rotation right now' },
    });
    expect(
      (await host.call('run.rejoin', { sessionId, participantId: people.Ben! })).awayIds,
    ).toEqual([]);
    const swapped = await host.call('run.swap', { sessionId, a: people.Ana!, b: people.Ben! });
    expect(swapped.roles[0]!.participantId).toBe(people.Ben);
    const shuffled = await host.call('run.shuffle', { sessionId });
    expect([...shuffled.order].sort()).toEqual(Object.values(people).sort());
    const out = await host.call('run.removeFromRotation', {
      sessionId,
      participantId: people.Cleo!,
    });
    expect(out.roles.map((r) => r.participantId)).not.toContain(people.Cleo);
    const types = (await host.call('notes.timeline', { sessionId })).events.map((e) => e.type);
    expect(types).toEqual([
      'session.started',
      'rotation.skipped',
      'rotation.rejoined',
      'rotation.swapped',
      'rotation.shuffled',
      'roster.removed',
    ]);
  });

  it('adds people and goals mid-session: into the rotation, and marked as added during the session', async () => {
    fx = await runFixture();
    const { host, sessionId, people } = fx;
    const before = await host.call('run.start', { sessionId });
    const eli = await host.call('participants.add', { sessionId, name: 'Eli', function: 'design' });
    // At the end of the queue: no role now, the wheel reaches Eli after Ben, who was waiting.
    const after = await host.call('run.state', { sessionId });
    expect(after.roles).toEqual(before.roles);
    expect(after.observers).toEqual([people.Ben, eli.id]);
    await host.call('run.rotate', { sessionId });
    const next = await host.call('run.rotate', { sessionId });
    expect(next.roles[0]!.participantId).toBe(eli.id);
    // Someone coming back after stepping away also waits at the end of the queue.
    await host.call('run.skip', { sessionId, participantId: people.Ben! });
    const back = await host.call('run.rejoin', { sessionId, participantId: people.Ben! });
    expect(back.roles.map((r) => r.participantId)).not.toContain(people.Ben);
    expect(back.observers.at(-1)).toBe(people.Ben);
    const goal = await host.call('goals.add', { sessionId, title: 'Found mid-session' });
    expect(goal.addedDuringSession).toBe(true);
    expect(
      await host.dispatch('goals.update', { id: goal.id, patch: { title: 'x' } }, caller),
    ).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('reminds of a break after N rotations; a break or a skip clears it', async () => {
    fx = await runFixture();
    const { host, sessionId } = fx;
    await host.call('run.start', { sessionId });
    expect(await host.dispatch('run.skipBreak', { sessionId }, caller)).toMatchObject({
      ok: false,
      error: { message: 'No break is due' },
    });
    for (let i = 0; i < 5; i++) await host.call('run.rotate', { sessionId });
    expect((await host.call('run.state', { sessionId })).breakDue).toBe(true);
    const onBreak = await host.call('run.pause', { sessionId, reason: 'break' });
    expect(onBreak).toMatchObject({ status: 'paused', pauseReason: 'break', breakDue: false });
    // A break says when it ends (5 minutes unless told); a pause has no length.
    expect(onBreak.breakEndsAt).toBe(onBreak.hostNow + 5 * 60_000);
    const resumed = await host.call('run.resume', { sessionId });
    expect(resumed.breakEndsAt).toBeNull();
    const short = await host.call('run.pause', { sessionId, reason: 'break', minutes: 10 });
    expect(short.breakEndsAt).toBe(short.hostNow + 10 * 60_000);
    await host.call('run.resume', { sessionId });
    for (const bad of [
      { reason: 'pause', minutes: 3 },
      { reason: 'break', minutes: 0 },
    ]) {
      const refused = await host.dispatch('run.pause', { sessionId, ...bad }, caller);
      expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_argument' } });
    }
    expect((await host.call('run.state', { sessionId })).status).toBe('running');
  });

  it('tracks the focus goal', async () => {
    fx = await runFixture();
    const { host, sessionId, goals } = fx;
    await host.call('run.start', { sessionId });
    expect((await host.call('run.focusGoal', { sessionId, goalId: goals[1]! })).focusGoalId).toBe(
      goals[1],
    );
    const other = await host.call('sessions.create', { title: 'Other' });
    const foreign = await host.call('goals.add', { sessionId: other.session.id, title: 'x' });
    expect(
      await host.dispatch('run.focusGoal', { sessionId, goalId: foreign.id }, caller),
    ).toMatchObject({ ok: false, error: { issues: [{ path: 'goalId' }] } });
  });
});
