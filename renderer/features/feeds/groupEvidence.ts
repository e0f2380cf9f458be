import type { ErrorGroup } from '../../../shared/api/contract';
import type { Evidence } from '../../../shared/domain/notes';

/** An error group as evidence: named by its key (type and message) unless that is a fingerprint. */
export const groupEvidence = (g: ErrorGroup): Evidence => ({
  kind: 'group',
  groupKey: g.groupKey,
  summary: (g.groupKey.startsWith('fp:') ? g.sample : g.groupKey).slice(0, 300),
});

export const isGroupPinned = (pending: readonly Evidence[], groupKey: string) =>
  pending.some((p) => p.kind === 'group' && p.groupKey === groupKey);

/**
 * The error groups offered while a bug is typed: those with an event in the last `windowMs`,
 * most recently seen first, at most `max` (each group once, with its count).
 */
export function suggestGroups(
  groups: readonly ErrorGroup[],
  now: number,
  windowMs: number,
  max: number,
): ErrorGroup[] {
  return groups
    .filter((g) => g.lastSeen >= now - windowMs)
    .sort((a, b) => b.lastSeen - a.lastSeen || a.groupKey.localeCompare(b.groupKey))
    .slice(0, max);
}

/**
 * What stays on screen while the pointer or keyboard is on the list: the same groups in the same
 * places as when it was entered, with their counts brought up to date.
 */
export function heldSuggestions(
  frozen: readonly ErrorGroup[],
  groups: readonly ErrorGroup[],
): ErrorGroup[] {
  const now = new Map(groups.map((g) => [g.groupKey, g]));
  return frozen.map((g) => now.get(g.groupKey) ?? g);
}
