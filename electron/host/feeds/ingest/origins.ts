import type { SessionRepo } from '../../sessions/repo';

/**
 * The browser origins the ingest port answers: the union of the allowlists of the sessions being
 * prepared for or explored now. Read at most every ttlMs; invalidate() when a session changes.
 */
export function createOriginList(sessions: SessionRepo, now: () => number, ttlMs = 500) {
  let cache: { at: number; origins: ReadonlySet<string> } | null = null;
  return {
    origins(): ReadonlySet<string> {
      const t = now();
      if (cache && t - cache.at < ttlMs) return cache.origins;
      const origins = new Set<string>();
      for (const watch of sessions.watchedTenants())
        for (const origin of watch.settings.allowedOrigins) origins.add(origin);
      cache = { at: t, origins };
      return origins;
    },
    invalidate() {
      cache = null;
    },
  };
}
