import type { Db } from '../../db/database';

/**
 * How many times events were deleted from a store (retention), so that what was tallied from
 * them (feeds/query/tallies.ts) is counted again rather than trusted. Rows are never updated,
 * and new ones only ever get higher ids than those committed before them.
 */
const deletions = new WeakMap<Db, number>();

export const feedDeletions = (db: Db): number => deletions.get(db) ?? 0;

export function feedEventsDeleted(db: Db): void {
  deletions.set(db, feedDeletions(db) + 1);
}
