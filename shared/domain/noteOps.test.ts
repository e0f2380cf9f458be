import { describe, expect, it } from 'vitest';
import { createdNote, editedContent } from './noteOps';

const note = {
  type: 'bug' as const,
  text: 'Coupon crashes checkout',
  tags: ['payment'],
  goalId: 'goal-1',
  evidence: [{ kind: 'group' as const, groupKey: 'TypeError: x', summary: 'x' }],
};

describe('note ops', () => {
  it('an edit replaces what its patch gives and keeps the rest', () => {
    expect(editedContent(note, { text: 'Coupon crash', tags: [] })).toEqual({
      ...note,
      text: 'Coupon crash',
      tags: [],
    });
  });

  it('an edit takes a note off its goal with null, and leaves the goal without one', () => {
    expect(editedContent(note, { goalId: null }).goalId).toBeNull();
    expect(editedContent(note, { type: 'risk' }).goalId).toBe('goal-1');
  });

  it('a create op without goal, screenshot or evidence gives a note with none', () => {
    const op = {
      opId: 'op-1',
      kind: 'note.create' as const,
      at: 1000,
      note: { id: 'n-1', type: 'idea' as const, text: 'Dark mode', tags: [], authorId: 'p-1' },
    };
    expect(createdNote('s-1', { ...op, note: { ...op.note, goalId: null } })).toEqual({
      id: 'n-1',
      sessionId: 's-1',
      type: 'idea',
      text: 'Dark mode',
      tags: [],
      authorId: 'p-1',
      goalId: null,
      at: 1000,
      screenshot: null,
      evidence: [],
    });
  });
});
