import { describe, expect, it } from 'vitest';
import { deriveRun, dueRotations } from './snapshot';
import { foldRotation, queueEndPlace } from './rotation';
import { eventLog, MIN, ROLES, T0 } from '../../../test-support/eventLog';

const session = {
  id: 'S',
  timeboxMinutes: 60,
  rotationMinutes: 8,
  breakEvery: 5,
  autoRotate: true,
};
const run = (
  events: ReturnType<typeof eventLog>['events'],
  now: number,
  s: Partial<typeof session> = {},
) => deriveRun({ session: { ...session, ...s }, roles: ROLES, events }, now);
const names = (snap: ReturnType<typeof run>) => snap.roles.map((r) => r.participantId);
const start = (order = ['A', 'B', 'C', 'D']) => eventLog().add('session.started', T0, { order });

describe('rotation', () => {
  it('starts with the first person driving; roles pass driver → navigator → note-taker → observer', () => {
    const log = start();
    expect(names(run(log.events, T0))).toEqual(['A', 'D', 'C']);
    expect(run(log.events, T0).observers).toEqual(['B']);
    expect(run(log.events, T0).nextUpId).toBe('B');
    log.add('rotation.rotated', T0 + 8 * MIN, { reason: 'auto' });
    expect(names(run(log.events, T0 + 8 * MIN))).toEqual(['B', 'A', 'D']);
    log.add('rotation.rotated', T0 + 16 * MIN, { reason: 'auto' });
    expect(names(run(log.events, T0 + 16 * MIN))).toEqual(['C', 'B', 'A']);
  });

  it('counts down each turn from the session interval', () => {
    const snap = run(start().events, T0 + 3 * MIN);
    expect(snap.turn).toEqual({ index: 0, startedElapsedMs: 0, endsElapsedMs: 8 * MIN });
    expect(snap.elapsedMs).toBe(3 * MIN);
  });

  it('skips someone who stepped away and takes them back when they rejoin', () => {
    const log = start().add('rotation.skipped', T0 + MIN, { participantId: 'B' });
    let snap = run(log.events, T0 + MIN);
    expect(names(snap)).toEqual(['A', 'D', 'C']);
    expect(snap.nextUpId).toBe('C');
    expect(snap.awayIds).toEqual(['B']);
    log.add('rotation.rotated', T0 + 2 * MIN, { reason: 'manual' });
    expect(names(run(log.events, T0 + 2 * MIN))).toEqual(['C', 'A', 'D']);
    log.add('rotation.rejoined', T0 + 3 * MIN, { participantId: 'B' });
    snap = run(log.events, T0 + 3 * MIN);
    expect(snap.awayIds).toEqual([]);
    expect(snap.order).toEqual(['A', 'B', 'C', 'D']);
    // Recorded before joiners went to the end of the queue: B keeps the old place.
    expect(names(snap)).toEqual(['C', 'B', 'A']);
  });

  it('puts someone who comes back at the end of the queue: no role until everyone waiting had one', () => {
    const log = start(['A', 'B', 'C', 'D', 'E']).add('rotation.skipped', T0 + MIN, {
      participantId: 'B',
    });
    // A drives, E navigates, D takes notes; C waits.
    expect(names(run(log.events, T0 + MIN))).toEqual(['A', 'E', 'D']);
    const place = queueEndPlace(foldRotation(log.events), 3);
    expect(place).toBe('D');
    log.add('rotation.rejoined', T0 + 2 * MIN, { participantId: 'B', before: place });
    let snap = run(log.events, T0 + 2 * MIN);
    expect(names(snap)).toEqual(['A', 'E', 'D']);
    expect(snap.observers).toEqual(['C', 'B']);
    // C drives next, then B: after everyone who was waiting.
    const drivers = [];
    for (let i = 1; i <= 2; i++) {
      log.add('rotation.rotated', T0 + (2 + i) * MIN, { reason: 'manual' });
      snap = run(log.events, T0 + (2 + i) * MIN);
      drivers.push(snap.roles[0]!.participantId);
    }
    expect(drivers).toEqual(['C', 'B']);
  });

  it('fills a role nobody holds when someone joins a small group, still behind the holders', () => {
    const two = start(['A', 'B']);
    expect(queueEndPlace(foldRotation(two.events), 3)).toBe('B');
    two.add('roster.added', T0 + MIN, { participantId: 'E', before: 'B' });
    expect(names(run(two.events, T0 + MIN))).toEqual(['A', 'B', 'E']);
    const one = start(['A']);
    expect(queueEndPlace(foldRotation(one.events), 3)).toBe('A');
    one.add('roster.added', T0 + MIN, { participantId: 'E', before: 'A' });
    expect(names(run(one.events, T0 + MIN))).toEqual(['A', 'E', null]);
  });

  it('skipping the driver hands the wheel on with a fresh turn', () => {
    const log = start().add('rotation.skipped', T0 + 5 * MIN, { participantId: 'A' });
    const snap = run(log.events, T0 + 5 * MIN);
    expect(names(snap)).toEqual(['B', 'D', 'C']);
    expect(snap.turn.startedElapsedMs).toBe(5 * MIN);
    expect(snap.rotationCount).toBe(0); // not a rotation for the break cadence
  });

  it('swaps two people’s places and roles', () => {
    const log = start().add('rotation.swapped', T0 + MIN, { a: 'A', b: 'D' });
    const snap = run(log.events, T0 + MIN);
    expect(snap.order).toEqual(['D', 'B', 'C', 'A']);
    expect(names(snap)).toEqual(['D', 'A', 'C']);
    expect(snap.turn.startedElapsedMs).toBe(0); // the clock runs on
  });

  it('shuffles into a new order and starts a new turn with its first person', () => {
    const log = start().add('rotation.shuffled', T0 + 2 * MIN, { order: ['C', 'A', 'D', 'B'] });
    const snap = run(log.events, T0 + 2 * MIN);
    expect(names(snap)).toEqual(['C', 'B', 'D']);
    expect(snap.turn).toMatchObject({ index: 1, startedElapsedMs: 2 * MIN });
  });

  it('adds and removes people mid-session', () => {
    // A joiner recorded before the end-of-queue rule: appended to the roster.
    const log = start(['A', 'B', 'C']).add('roster.added', T0 + MIN, { participantId: 'E' });
    expect(run(log.events, T0 + MIN).order).toEqual(['A', 'B', 'C', 'E']);
    expect(names(run(log.events, T0 + MIN))).toEqual(['A', 'E', 'C']);
    log.add('roster.removed', T0 + 2 * MIN, { participantId: 'A' });
    const snap = run(log.events, T0 + 2 * MIN);
    expect(names(snap)).toEqual(['B', 'E', 'C']);
    expect(snap.awayIds).toEqual([]);
  });

  it('leaves roles empty when fewer people than rotating roles remain', () => {
    const snap = run(start(['A', 'B']).events, T0);
    expect(names(snap)).toEqual(['A', 'B', null]);
    const alone = run(
      start(['A', 'B']).add('rotation.skipped', T0 + MIN, { participantId: 'B' }).events,
      T0 + MIN,
    );
    expect(names(alone)).toEqual(['A', null, null]);
    expect(alone.nextUpId).toBeNull();
  });

  it('reminds of a break every N rotations until one is taken or skipped', () => {
    const log = start();
    for (let i = 1; i <= 4; i++) log.add('rotation.rotated', T0 + i * 8 * MIN, { reason: 'auto' });
    expect(run(log.events, T0 + 33 * MIN).breakDue).toBe(false);
    log.add('rotation.rotated', T0 + 40 * MIN, { reason: 'auto' });
    expect(run(log.events, T0 + 41 * MIN).breakDue).toBe(true);
    log
      .add('session.paused', T0 + 41 * MIN, { reason: 'break' })
      .add('session.resumed', T0 + 51 * MIN, {});
    expect(run(log.events, T0 + 52 * MIN).breakDue).toBe(false);
    expect(run(log.events, T0 + 52 * MIN, { breakEvery: 0 }).breakDue).toBe(false);
    const skipped = start();
    for (let i = 1; i <= 5; i++)
      skipped.add('rotation.rotated', T0 + i * MIN, { reason: 'manual' });
    skipped.add('break.skipped', T0 + 6 * MIN, {});
    expect(run(skipped.events, T0 + 6 * MIN).breakDue).toBe(false);
  });
});

describe('due auto-rotations', () => {
  it('are due at each turn end, in host time', () => {
    const log = start();
    expect(dueRotations({ session, roles: ROLES, events: log.events }, T0 + 7 * MIN)).toEqual([]);
    expect(dueRotations({ session, roles: ROLES, events: log.events }, T0 + 8 * MIN)).toEqual([
      T0 + 8 * MIN,
    ]);
    // A host that was down for 20 minutes catches up on both turns it missed.
    expect(dueRotations({ session, roles: ROLES, events: log.events }, T0 + 20 * MIN)).toEqual([
      T0 + 8 * MIN,
      T0 + 16 * MIN,
    ]);
  });

  it('a pause across a turn boundary holds the turn: it ends as much later as the pause lasted', () => {
    const log = start().add('session.paused', T0 + 7.5 * MIN, { reason: 'pause' });
    expect(dueRotations({ session, roles: ROLES, events: log.events }, T0 + 30 * MIN)).toEqual([]);
    log.add('session.resumed', T0 + 12.5 * MIN, {});
    expect(dueRotations({ session, roles: ROLES, events: log.events }, T0 + 13 * MIN)).toEqual([
      T0 + 13 * MIN,
    ]);
    expect(
      run(log.events, T0 + 12.75 * MIN).turn.endsElapsedMs -
        run(log.events, T0 + 12.75 * MIN).elapsedMs,
    ).toBe(0.25 * MIN);
  });

  it('a host restarted in the middle of a turn carries on where the log says', () => {
    const log = start().add('rotation.rotated', T0 + 8 * MIN, { reason: 'auto' });
    // "Restart": nothing but the log; 11 minutes in, turn 1 has 5 minutes left.
    const snap = run([...log.events], T0 + 11 * MIN);
    expect(snap.turn.index).toBe(1);
    expect(snap.turn.endsElapsedMs - snap.elapsedMs).toBe(5 * MIN);
    expect(dueRotations({ session, roles: ROLES, events: log.events }, T0 + 11 * MIN)).toEqual([]);
  });

  it('are not made when auto-rotate is off, when paused, or with fewer than two people', () => {
    const manual = { ...session, autoRotate: false };
    expect(
      dueRotations({ session: manual, roles: ROLES, events: start().events }, T0 + 9 * MIN),
    ).toEqual([]);
    const snap = run(start().events, T0 + 9 * MIN, { autoRotate: false });
    expect(snap.turn.endsElapsedMs - snap.elapsedMs).toBe(-MIN); // overtime: waiting for a click
    expect(
      dueRotations({ session, roles: ROLES, events: start(['A']).events }, T0 + 9 * MIN),
    ).toEqual([]);
  });
});
