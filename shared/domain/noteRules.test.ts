import { describe, expect, it } from 'vitest';
import {
  EMPTY_NOTE_MESSAGE,
  mayWrite,
  writeRight,
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

  it('lets the writer role write, and its last holder finish one note within the grace period', () => {
    const rotatedAt = 1_000_000;
    // Ben took notes until the rotation, Cleo since.
    const holdersAt = (t: number) => roles('ana', t < rotatedAt ? 'ben' : 'cleo');
    const right = (who: string, at: number, startedAt: number | null = null, saved = false) =>
      writeRight('note-taker', who, holdersAt, at, startedAt, [rotatedAt], () => saved);
    expect(right('cleo', rotatedAt)).toBe('writer');
    expect(right('ben', rotatedAt + ROLE_GRACE_MS - 1)).toBe('grace');
    expect(right('ben', rotatedAt + ROLE_GRACE_MS - 1, rotatedAt - 10 * 60_000)).toBe('grace');
    expect(right('ben', rotatedAt + ROLE_GRACE_MS)).toBeNull();
    // A draft started long before still ends with the grace, not with the draft.
    expect(right('ben', rotatedAt + ROLE_GRACE_MS, rotatedAt - 60_000)).toBeNull();
    // Only the note being typed: once Ben saved one after his turn, the grace is over.
    expect(right('ben', rotatedAt + 1000, rotatedAt - 1000, true)).toBeNull();
    // A note started after his turn ended, or claimed to start after it was saved, is refused.
    expect(right('ben', rotatedAt + 1000, rotatedAt + 10)).toBeNull();
    expect(right('ben', rotatedAt + 1000, rotatedAt + 2000)).toBeNull();
    expect(right('ana', rotatedAt)).toBeNull();
    expect(writeRight('driver', 'ana', holdersAt, rotatedAt, null, [], () => true)).toBe('writer');
    expect(writeRight('everyone', 'nav', holdersAt, rotatedAt, null, [], () => true)).toBe(
      'writer',
    );
  });
});
