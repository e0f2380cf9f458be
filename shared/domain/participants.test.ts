import { describe, expect, it } from 'vitest';
import { ParticipantFields } from './participants';

const emailIssues = (email: string) => {
  const r = ParticipantFields.safeParse({ name: 'Ana', function: 'product', email });
  return r.success ? [] : r.error.issues.map((i) => i.message);
};

describe('participant e-mail', () => {
  it('accepts ordinary addresses and none', () => {
    for (const ok of ['', 'ana@example.com', 'a.b+c@mail.example.co.uk', 'a@b.co'])
      expect(emailIssues(ok)).toEqual([]);
  });

  it('refuses what is not name@domain.tld', () => {
    for (const bad of ['not-an-email', 'a@b', 'a@b..c', 'a@.b', 'a@b.c.', 'a b@c.d', 'a@b@c.d'])
      expect(emailIssues(bad)).toEqual(['Email must look like name@example.com']);
  });

  it('answers a crafted 1 MB address with both reasons', () => {
    // Dots and letters after the @ made the former pattern backtrack quadratically.
    expect(emailIssues(`a@${'a.'.repeat(500_000)}@`)).toEqual([
      'Email must be at most 200 characters',
      'Email must look like name@example.com',
    ]);
    expect(emailIssues(`a@${'a.'.repeat(90)}@`)).toEqual(['Email must look like name@example.com']);
  });
});
