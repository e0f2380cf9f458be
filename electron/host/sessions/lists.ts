import type { HostContext } from '../context';
import { requireEditable, requirePermutation } from './guards';
import { writeTransaction } from '../db/write';

/** A session's prepare data changed: its updated time moves on and every window hears of it. */
export function touchSession(host: HostContext, sessionId: string): void {
  host.repos.sessions.touch(sessionId);
  host.emit({ event: 'sessions.changed', payload: { sessionId, change: 'updated' } });
}

/**
 * Puts a draft session's participants or goals in the order given, which names each of them
 * once, in one transaction; answers the list in its new order.
 */
export function reorderList<T extends { id: string }>(
  host: HostContext,
  sessionId: string,
  kind: 'participant' | 'goal',
  rows: { list(sessionId: string): T[]; setOrder(orderedIds: readonly string[]): void },
  orderedIds: readonly string[],
): T[] {
  requireEditable(host.repos, sessionId);
  const current = rows.list(sessionId).map((r) => r.id);
  requirePermutation(kind, current, orderedIds);
  writeTransaction(host.db, () => rows.setOrder(orderedIds));
  touchSession(host, sessionId);
  return rows.list(sessionId);
}

/** Removes one of a draft session's participants or goals, in a transaction, and tells everyone. */
export function removeFromList(
  host: HostContext,
  sessionId: string,
  rows: { remove(id: string): void },
  id: string,
): { removed: true } {
  requireEditable(host.repos, sessionId);
  writeTransaction(host.db, () => rows.remove(id));
  touchSession(host, sessionId);
  return { removed: true };
}
