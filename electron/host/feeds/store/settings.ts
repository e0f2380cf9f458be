import { FeedSettings } from '../../../../shared/domain/feeds';
import type { Db } from '../../db/database';
import type { Watch } from './pipeline';

export const parseFeedSettings = (json: string | null | undefined): FeedSettings => {
  try {
    return FeedSettings.parse(JSON.parse(json || '{}'));
  } catch {
    return FeedSettings.parse({});
  }
};

/** Tenants being prepared for or explored now: their events are kept (also as the baseline). */
export function createWatchList(db: Db, now: () => number, ttlMs = 500) {
  const query = db.prepare<[], { tenant_id: string; feed_settings: string }>(
    `SELECT tenant_id, feed_settings FROM sessions
     WHERE archived_at IS NULL AND status IN ('draft', 'running', 'paused')
     ORDER BY CASE status WHEN 'running' THEN 0 WHEN 'paused' THEN 1 ELSE 2 END, updated_at DESC`,
  );
  let cache: { at: number; watches: Watch[] } | null = null;
  return {
    watches(): Watch[] {
      const t = now();
      if (cache && t - cache.at < ttlMs) return cache.watches;
      const seen = new Set<string>();
      const watches: Watch[] = [];
      for (const row of query.all()) {
        const settings = parseFeedSettings(row.feed_settings);
        const key = `${row.tenant_id}\u0000${settings.tenantKey}\u0000${settings.sentryTenantTag}`;
        if (seen.has(key)) continue;
        seen.add(key);
        watches.push({ tenantId: row.tenant_id, settings });
      }
      cache = { at: t, watches };
      return watches;
    },
    invalidate() {
      cache = null;
    },
  };
}

export function getFeedSettings(db: Db, sessionId: string): FeedSettings {
  const row = db
    .prepare<[string], { feed_settings: string }>('SELECT feed_settings FROM sessions WHERE id = ?')
    .get(sessionId);
  return parseFeedSettings(row?.feed_settings);
}

export function setFeedSettings(db: Db, sessionId: string, settings: FeedSettings): void {
  db.prepare('UPDATE sessions SET feed_settings = ?, updated_at = ? WHERE id = ?').run(
    JSON.stringify(settings),
    new Date().toISOString(),
    sessionId,
  );
}
