import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../domain/run';
import { describeEvent, type EventNames } from './describeEvent';

const names: EventNames = {
  person: (id) => ({ p1: 'Ana', p2: 'Ben' })[id] ?? '—',
  named: (_id, name) => name,
  goal: (id) => (id === 'g1' ? 'Pay by card' : null),
};
const event = (e: Pick<SessionEvent, 'type' | 'payload'>, actorId: string | null = null) =>
  ({ id: 'e', seq: 1, at: 0, actorId, ...e }) as SessionEvent;

describe('describeEvent', () => {
  it('says who did it on the timeline, and leaves that to the audit trail’s own column', () => {
    const rotated = event({ type: 'rotation.rotated', payload: { reason: 'manual' } }, 'p1');
    expect(describeEvent(rotated, names)).toBe('Rotated by Ana');
    expect(describeEvent(rotated, names, { actor: false })).toBe('Rotated');
    const issued = event({ type: 'link.issued', payload: { participantId: 'p2', name: 'Ben' } });
    expect(describeEvent(issued, names)).toBe('Personal link issued to Ben');
  });

  it('names people in the payload through `named`, so a report can put pseudonyms there', () => {
    const override = event({
      type: 'preflight.overridden',
      payload: { participantId: 'p1', name: 'Ana', reason: 'Checked by hand', items: ['A', 'B'] },
    });
    expect(describeEvent(override, { ...names, named: () => 'Participant 1' })).toBe(
      'Pre-flight overridden by Participant 1 (A; B): Checked by hand',
    );
  });

  it('tells an amendment from a first signature, and a removed goal from a missing word', () => {
    const signed = (version: number) =>
      event({
        type: 'decision.signed',
        payload: {
          decisionId: 'd',
          version,
          summary: 'Hold at Internal tenant',
          signerId: 'p2',
          signerName: 'Ben',
          kid: 'k',
        },
      });
    expect(describeEvent(signed(1), names)).toBe(
      'Decision signed by Ben: Hold at Internal tenant (version 1)',
    );
    expect(describeEvent(signed(2), names)).toBe(
      'Decision amended by Ben: Hold at Internal tenant (version 2)',
    );
    expect(describeEvent(event({ type: 'goal.focused', payload: { goalId: 'gone' } }), names)).toBe(
      'Focus: a removed goal',
    );
  });
});
