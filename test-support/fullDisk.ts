import type { Db } from '../electron/host/db/database';

/**
 * A full disk, for real, on one connection: SQLite refuses to grow the store past its size now
 * and answers SQLITE_FULL whenever a write needs a new page (one larger than a page always does),
 * as it does on a full disk.
 */
export function fillDisk(db: Db) {
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
}

/** Space is back. */
export function freeDisk(db: Db) {
  db.pragma('max_page_count = 1073741823');
}

/** Text longer than a page of the store: storing it always needs new pages. */
export const PAGE_FILLER = 'stack frame at checkout.ts:42\n'.repeat(200);
