import type { Repos } from '../../repos';
import { BASELINE_MS } from '../query/query';
import type { FeedPipeline } from './pipeline';

/** Per-minute counters (drops, redactions) are kept this long. */
const COUNTS_KEPT_MS = 90 * 24 * 3_600_000;

/**
 * Events kept: those inside a started session's window (the 30-minute baseline before it, the
 * session, up to its end) and anything younger than 30 minutes (the baseline of a session that
 * has not started yet). The rest goes, with its full-text entry, in batches.
 */
export function purgeFeeds(
  repos: Pick<Repos, 'sessions' | 'events'>,
  feeds: Pick<FeedPipeline, 'purge'>,
  now: number,
  batch = 1000,
): Promise<number> {
  // Runs once a minute. The windows come from the host's repositories; the deleting is the
  // feed writer's, on its thread (see purge.ts), a transaction of `batch` at a time.
  const sessions = repos.sessions.tenantsPastDraft();
  const bounds = repos.events.startAndEnd(sessions.map((s) => s.id));
  const keep = sessions.flatMap((s) => {
    const b = bounds.get(s.id);
    if (!b || b.started === null) return [];
    return [
      { tenant: s.tenantId, from: b.started - BASELINE_MS, to: b.ended ?? Number.MAX_SAFE_INTEGER },
    ];
  });
  return feeds.purge({
    before: now - BASELINE_MS,
    keep,
    batch,
    countsBefore: now - COUNTS_KEPT_MS,
  });
}
