import type { Db } from '../../db/database';
import { createEventRepo } from '../../run/eventRepo';
import { createSessionRepo } from '../../sessions/repo';
import { BASELINE_MS } from '../query/query';
import { deleteCountsBefore, deleteEventsOutside } from './repo';

/** Per-minute counters (drops, redactions) are kept this long. */
const COUNTS_KEPT_MS = 90 * 24 * 3_600_000;

/**
 * Events kept: those inside a started session's window (the 30-minute baseline before it, the
 * session, up to its end) and anything younger than 30 minutes (the baseline of a session that
 * has not started yet). The rest goes, with its full-text entry, in batches.
 */
export function purgeFeeds(db: Db, now: number, batch = 5000): number {
  // Runs once a minute with the host's connection alone: the sessions and their run events are
  // read through their own repositories, prepared here like the deletes.
  const sessions = createSessionRepo(db).tenantsPastDraft();
  const bounds = createEventRepo(db).startAndEnd(sessions.map((s) => s.id));
  const keep = sessions.flatMap((s) => {
    const b = bounds.get(s.id);
    if (!b || b.started === null) return [];
    return [
      { tenant: s.tenantId, from: b.started - BASELINE_MS, to: b.ended ?? Number.MAX_SAFE_INTEGER },
    ];
  });
  const total = deleteEventsOutside(db, now - BASELINE_MS, keep, batch);
  deleteCountsBefore(db, now - COUNTS_KEPT_MS);
  return total;
}
