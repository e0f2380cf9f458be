import type { Db } from '../../db/database';
import { BASELINE_MS } from '../query/query';

/**
 * Events kept: those inside a started session's window (the 30-minute baseline before it, the
 * session, up to its end) and anything younger than 30 minutes (the baseline of a session that
 * has not started yet). The rest goes, with its full-text entry, in batches.
 */
export function purgeFeeds(db: Db, now: number, batch = 5000): number {
  const windows = db
    .prepare<[], { tenant: string; started: number; ended: number | null }>(
      `SELECT s.tenant_id AS tenant,
         (SELECT MIN(at) FROM session_events e WHERE e.session_id = s.id AND e.type = 'session.started') AS started,
         (SELECT MIN(at) FROM session_events e WHERE e.session_id = s.id AND e.type = 'session.ended') AS ended
       FROM sessions s WHERE s.status != 'draft'`,
    )
    .all()
    .filter((w) => w.started !== null);
  const keep = windows.map((_, i) => `(tenant = @t${i} AND time >= @f${i} AND time <= @e${i})`);
  const params: Record<string, unknown> = { cutoff: now - BASELINE_MS, batch };
  windows.forEach((w, i) => {
    params[`t${i}`] = w.tenant;
    params[`f${i}`] = w.started - BASELINE_MS;
    params[`e${i}`] = w.ended ?? Number.MAX_SAFE_INTEGER;
  });
  const select = db.prepare<Record<string, unknown>, { id: number; message: string }>(
    `SELECT id, message FROM feed_events WHERE time < @cutoff ${keep.length ? `AND NOT (${keep.join(' OR ')})` : ''} LIMIT @batch`,
  );
  const unindex = db.prepare(
    "INSERT INTO feed_fts (feed_fts, rowid, message) VALUES ('delete', ?, ?)",
  );
  const remove = db.prepare('DELETE FROM feed_events WHERE id = ?');
  let total = 0;
  for (;;) {
    const rows = select.all(params);
    if (rows.length === 0) break;
    db.transaction(() => {
      for (const r of rows) {
        unindex.run(r.id, r.message);
        remove.run(r.id);
      }
    })();
    total += rows.length;
  }
  db.prepare('DELETE FROM feed_counts WHERE minute < ?').run(
    Math.floor((now - 90 * 24 * 3_600_000) / 60_000),
  );
  return total;
}
