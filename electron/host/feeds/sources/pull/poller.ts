import type { RawFeedEvent } from '../../../../../shared/domain/feeds';
import type { Runner, SourceState } from '../local/runners';
import { OverloadedError } from '../../store/pipeline';
import { RateLimitedError, type Fetcher } from './http';

export type PollerOptions = {
  name: string;
  fetcher: Fetcher;
  intervalMs: number;
  now: () => number;
  /** The time to read from: where the last run stopped, or the start of the baseline window. */
  from: number;
  saveCursor: (from: number) => void;
  /** Hands events to the pipeline; may throw OverloadedError. */
  deliver: (events: RawFeedEvent[]) => void;
  /** Resolves once what was delivered is stored: only then do the cursor and gaps move on. */
  stored: () => Promise<void>;
  /** Keys of events already stored from this source (a restart must not store them again). */
  storedKeys?: Array<{ key: string; time: number }>;
  gaps: {
    /** The gap this source left open when the host last stopped, if any. */
    current(): { id: number; from: number } | undefined;
    open(from: number, reason: string): number;
    update(id: number, reason: string): void;
    close(id: number, to: number, backfilled: boolean): void;
    skipped(from: number, to: number, reason: string): void;
  };
  /** Each poll reads again this much before the last one ended: APIs index late. */
  overlapMs?: number;
  /** After an outage, fetch back at most this far; older events are a gap that stays. */
  maxCatchUpMs?: number;
  maxBackoffMs?: number;
};

const clockTime = (t: number) => new Date(t).toISOString().slice(11, 19);
/** A session's last poll is tried this many times before its window is left a gap. */
const FINAL_POLL_TRIES = 5;
const FINAL_RETRY_MS = 2_000;

/**
 * Polls an API forward in time. Each poll asks for [from, now]; what it has seen already is
 * dropped by key, so overlapping windows never store an event twice. A failed poll opens a gap
 * (shown on the timeline) and the next polls retry the same window with a growing pause; when
 * the API answers again the gap is closed, marked as fetched after all. A 429 waits as long as
 * Retry-After says and is not a gap: nothing is missed, only late.
 */
export function startPoller(o: PollerOptions): Runner {
  const overlap = o.overlapMs ?? 30_000;
  const maxCatchUp = o.maxCatchUpMs ?? 60 * 60_000;
  const maxBackoff = o.maxBackoffMs ?? 60_000;
  const seen = new Map<string, number>((o.storedKeys ?? []).map((k) => [k.key, k.time]));
  const state: SourceState = { status: 'waiting', detail: `Polling ${o.name}…`, lastEventAt: null };
  let from = o.from;
  /** Everything up to here was fetched (or given up on as a gap). */
  let coveredTo = o.from;
  let gap = o.gaps.current() ?? null;
  let failures = 0;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let controller: AbortController | null = null;

  const schedule = (ms: number) => {
    if (stopped || finishing) return;
    timer = setTimeout(() => {
      // Nothing a poll does may escape as an unhandled rejection: the host keeps running.
      tick().catch((error: unknown) => {
        state.status = 'error';
        state.detail = `Polling stopped: ${(error as Error).message}`;
      });
    }, ms);
    timer.unref?.();
  };

  let finishing = false;
  let ticking = false;
  /** The session ended while a poll was under way: that poll's window may close before the end. */
  let lastPollOwed = false;

  /** Tries left for the last poll of a session when it fails (the API or the store was busy). */
  let lastTries = FINAL_POLL_TRIES;
  const tickOrStop = () =>
    void tick().catch(() => {
      if (!stopped) runner.stop();
    });

  async function tick() {
    ticking = true;
    let fetched = false;
    try {
      fetched = await poll();
    } finally {
      ticking = false;
      if (finishing && !stopped) {
        // The session ended: one poll that began after the end reads up to it, then stop. A
        // last poll that failed is tried again a few times before its window is left a gap.
        if (lastPollOwed) {
          lastPollOwed = false;
          tickOrStop();
        } else if (!fetched && --lastTries > 0) {
          timer = setTimeout(tickOrStop, Math.min(o.intervalMs, FINAL_RETRY_MS));
          timer.unref?.();
        } else runner.stop();
      }
    }
  }

  /** One poll; false when it failed (and a retry was scheduled, unless finishing). */
  async function poll(): Promise<boolean> {
    const to = o.now();
    let start = from;
    if (to - start > maxCatchUp) {
      start = to - maxCatchUp;
      o.gaps.skipped(
        coveredTo,
        start,
        `${o.name} was unavailable for too long; older events were not fetched`,
      );
      if (gap) o.gaps.close(gap.id, start, false);
      gap = null;
      coveredTo = start;
    }
    controller = new AbortController();
    try {
      const result = await o.fetcher({ from: start, to }, controller.signal);
      if (stopped) return false;
      // New to this source: not stored before, and not twice in this answer (pages overlap).
      const fresh = result.events.filter((e) => {
        if (seen.has(e.key)) return false;
        seen.set(e.key, e.time);
        return true;
      });
      try {
        o.deliver(
          fresh.map(({ key, ...event }) => ({
            ...event,
            attributes: { ...event.attributes, 'pull.id': key },
          })),
        );
      } catch (error) {
        for (const e of fresh) seen.delete(e.key); // not taken: ask for them again
        throw error;
      }
      await o.stored();
      if (stopped) return false;
      if (result.incomplete) o.gaps.skipped(start, to, result.incomplete);
      from = result.resumeFrom ?? Math.max(start, to - overlap);
      for (const [key, time] of seen) if (time < from - overlap) seen.delete(key);
      if (gap) o.gaps.close(gap.id, to, true);
      gap = null;
      coveredTo = result.resumeFrom ?? to;
      o.saveCursor(from);
      failures = 0;
      if (fresh.length > 0) state.lastEventAt = o.now();
      state.status = 'connected';
      state.detail = `Polled at ${clockTime(to)} UTC: ${fresh.length} new event${fresh.length === 1 ? '' : 's'}`;
      schedule(result.resumeFrom !== undefined ? 0 : o.intervalMs);
      return true;
    } catch (error) {
      if (stopped) return false;
      if (error instanceof OverloadedError) {
        state.status = 'waiting';
        state.detail = 'Ensemble is busy storing events; polling again shortly';
        schedule(error.retryAfterSeconds * 1000);
        return false;
      }
      if (error instanceof RateLimitedError) {
        state.status = 'waiting';
        state.detail = `${o.name} asked to slow down; polling again in ${Math.ceil(error.retryAfterMs / 1000)} s`;
        schedule(Math.max(error.retryAfterMs, o.intervalMs));
        return false;
      }
      failures++;
      const reason = (error as Error).message;
      state.status = 'error';
      if (gap) o.gaps.update(gap.id, reason);
      else gap = { id: o.gaps.open(coveredTo, reason), from: coveredTo };
      const wait = Math.min(o.intervalMs * 2 ** (failures - 1), maxBackoff);
      state.detail = `${reason}; retrying in ${Math.ceil(wait / 1000)} s`;
      schedule(wait);
      return false;
    } finally {
      controller = null;
    }
  }
  schedule(0);

  const runner = {
    /** One last poll up to now (the session's end), then stop. */
    finish() {
      if (stopped || finishing) return;
      finishing = true;
      clearTimeout(timer);
      state.detail = 'Fetching the last events of the session…';
      if (ticking) lastPollOwed = true;
      else tickOrStop();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      controller?.abort();
      // A source stopped while failing: its gap ends here, not "still failing" for ever.
      if (gap) o.gaps.close(gap.id, o.now(), false);
      gap = null;
      state.status = 'off';
      state.detail = 'Stopped';
    },
    state: () => ({ ...state }),
  };
  return runner;
}
