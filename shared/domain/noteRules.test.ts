import { describe, expect, it } from 'vitest';
import {
  EMPTY_NOTE_MESSAGE,
  mayWrite,
  mayWriteAt,
  noteTextProblem,
  ROLE_GRACE_MS,
  sharedScreenWriter,
  writerRoleName,
} from './noteRules';

const roles = (driver: string | null, noteTaker: string | null) => [
  { roleKey: 'driver', participantId: driver },
  { roleKey: 'navigator', participantId: 'nav' },
  { roleKey: 'note-taker', participantId: noteTaker },
];

describe('noteTextProblem', () => {
  it('refuses an empty note and one over 10,000 characters, with the count', () => {
    expect(noteTextProblem('')).toBe(EMPTY_NOTE_MESSAGE);
    expect(noteTextProblem('x'.repeat(10_000))).toBeNull();
    expect(noteTextProblem('x'.repeat(10_001))).toBe(
      'Notes are limited to 10,000 characters (this one has 10,001)',
    );
  });
});

describe('who writes notes', () => {
  it('names the writer role as the team renamed it', () => {
    const named = [
      { key: 'driver', name: 'Pilot' },
      { key: 'note-taker', name: 'Scribe' },
    ];
    expect(writerRoleName('driver', named)).toBe('pilot');
    expect(writerRoleName('note-taker', named)).toBe('scribe');
    expect(writerRoleName('note-taker', [])).toBe('note-taker');
  });

  it('gives a shared screen to the writer role, and with everyone to the driver when nobody takes notes', () => {
    expect(sharedScreenWriter('note-taker', roles('ana', 'ben'))).toBe('ben');
    expect(sharedScreenWriter('driver', roles('ana', 'ben'))).toBe('ana');
    expect(sharedScreenWriter('note-taker', roles('ana', null))).toBeNull();
    expect(sharedScreenWriter('everyone', roles('ana', null))).toBe('ana');
    expect(sharedScreenWriter('everyone', roles('ana', 'ben'))).toBe('ben');
  });

  it('lets only the writer role write with the roles of one moment, unless everyone writes', () => {
    expect(mayWrite('note-taker', 'ben', roles('ana', 'ben'))).toBe(true);
    expect(mayWrite('note-taker', 'ana', roles('ana', 'ben'))).toBe(false);
    expect(mayWrite('driver', 'ana', roles('ana', 'ben'))).toBe(true);
    expect(mayWrite('everyone', 'nav', roles('ana', 'ben'))).toBe(true);
  });

  it('lets the writer role write, and its last holder for the grace period after the turn', () => {
    const rotatedAt = 1_000_000;
    // Ben took notes until the rotation, Cleo since.
    const holdersAt = (t: number) => roles('ana', t < rotatedAt ? 'ben' : 'cleo');
    expect(mayWriteAt('note-taker', 'cleo', holdersAt, rotatedAt)).toBe(true);
    expect(mayWriteAt('note-taker', 'ben', holdersAt, rotatedAt + ROLE_GRACE_MS - 1)).toBe(true);
    expect(mayWriteAt('note-taker', 'ben', holdersAt, rotatedAt + ROLE_GRACE_MS)).toBe(false);
    expect(mayWriteAt('note-taker', 'ana', holdersAt, rotatedAt)).toBe(false);
    expect(mayWriteAt('driver', 'ana', holdersAt, rotatedAt)).toBe(true);
    expect(mayWriteAt('everyone', 'nav', holdersAt, rotatedAt)).toBe(true);
  });
});
