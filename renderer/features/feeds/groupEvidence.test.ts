import { describe, expect, it } from 'vitest';
import type { ErrorGroup } from '../../../shared/api/contract';
import { groupEvidence, heldSuggestions, suggestGroups } from './groupEvidence';

const group = (groupKey: string, lastSeen: number, count = 1): ErrorGroup => ({
  groupKey,
  type: 'TypeError',
  sample: `sample ${groupKey}`,
  count,
  firstSeen: 0,
  lastSeen,
  isNew: false,
  sparkline: [],
  lastEventId: 1,
  control: 0,
});

describe('error groups offered while a bug is typed', () => {
  it('are recent groups, each once, most recently seen first, at most five', () => {
    const groups = [group('a', 100), group('b', 300), group('old', -1000), group('c', 200)];
    expect(suggestGroups(groups, 300, 1000, 5).map((g) => g.groupKey)).toEqual(['b', 'c', 'a']);
    const many = Array.from({ length: 9 }, (_, i) => group(`g${i}`, i));
    expect(suggestGroups(many, 10, 1000, 5)).toHaveLength(5);
  });

  it('keep their places while held, with fresh counts, even when another group got newer', () => {
    const entered = suggestGroups([group('a', 100), group('b', 50)], 100, 1000, 5);
    const later = [group('a', 100, 4), group('b', 500, 9), group('new', 600)];
    expect(heldSuggestions(entered, later).map((g) => [g.groupKey, g.count])).toEqual([
      ['a', 4],
      ['b', 9],
    ]);
    // Released, the list follows the feed again.
    expect(suggestGroups(later, 600, 1000, 5).map((g) => g.groupKey)).toEqual(['new', 'b', 'a']);
  });

  it('are pinned by key, named by the key unless it is a fingerprint', () => {
    expect(groupEvidence(group('TypeError: x is undefined', 1))).toEqual({
      kind: 'group',
      groupKey: 'TypeError: x is undefined',
      summary: 'TypeError: x is undefined',
    });
    expect(groupEvidence(group('fp:abc', 1)).summary).toBe('sample fp:abc');
  });
});
