import type { SessionRepo } from '../../sessions/repo';
import type { Watch } from './pipeline';

/**
 * Tenants being prepared for or explored now: their events are kept (also as the baseline).
 * Ingest asks on every request: the host's sessions repository is read at most every ttlMs.
 */
export function createWatchList(sessions: SessionRepo, now: () => number, ttlMs = 500) {
  let cache: { at: number; watches: Watch[] } | null = null;
  return {
    watches(): Watch[] {
      const t = now();
      if (cache && t - cache.at < ttlMs) return cache.watches;
      const seen = new Set<string>();
      const watches: Watch[] = [];
      for (const watch of sessions.watchedTenants()) {
        const { tenantKey, sentryTenantTag } = watch.settings;
        const key = `${watch.tenantId}\u0000${tenantKey}\u0000${sentryTenantTag}`;
        if (seen.has(key)) continue;
        seen.add(key);
        watches.push(watch);
      }
      cache = { at: t, watches };
      return watches;
    },
    invalidate() {
      cache = null;
    },
  };
}
