import { describe, expect, it } from 'vitest';
import { Op, parseNoteInput, parseTags } from './notes';

describe('parseNoteInput', () => {
  it.each([
    ['bug: checkout hangs', 'bug', 'checkout hangs'],
    ['Q: why two totals?', 'question', 'why two totals?'],
    ['idea:save the cart', 'idea', 'save the cart'],
    ['risk : refunds on old orders', 'risk', 'refunds on old orders'],
    ['obs: spinner for 4 s', 'observation', 'spinner for 4 s'],
    ['good: coupon applied instantly', 'good', 'coupon applied instantly'],
    ['plain text stays the chosen type', 'idea', 'plain text stays the chosen type'],
    ['http://example.com is not a prefix', 'idea', 'http://example.com is not a prefix'],
    ['note: unknown prefixes stay text', 'idea', 'note: unknown prefixes stay text'],
  ])('%s', (input, type, text) => {
    expect(parseNoteInput(input, 'idea')).toMatchObject({ type, text });
  });

  it('collects #tags once each, lower-cased, not from the middle of words', () => {
    expect(parseTags('bug in #Checkout, see #payment and #checkout again; not an#tag')).toEqual([
      'checkout',
      'payment',
    ]);
    expect(parseNoteInput('bug: #p1 hangs', 'observation').tags).toEqual(['p1']);
  });
});

describe('Op', () => {
  const base = { opId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', kind: 'note.create', at: 1 };
  const note = {
    id: '01ARZ3NDEKTSV4RRFFQ69G5FAW',
    type: 'bug',
    tags: [],
    authorId: '01ARZ3NDEKTSV4RRFFQ69G5FAX',
    goalId: null,
  };
  it('refuses an empty note with a hint, and one over 10,000 characters', () => {
    const empty = Op.safeParse({ ...base, note: { ...note, text: '   ' } });
    expect(empty.success || empty.error.issues[0]!.message).toBe(
      'An empty note is not saved — type something first',
    );
    const long = Op.safeParse({ ...base, note: { ...note, text: 'x'.repeat(12_345) } });
    expect(long.success || long.error.issues[0]!.message).toBe(
      'Notes are limited to 10,000 characters (this one has 12,345)',
    );
    expect(Op.safeParse({ ...base, note: { ...note, text: 'ok' } }).success).toBe(true);
  });
});
