import type { HostContext } from '../../context';
import { sessionBounds } from '../../../../shared/run/clock';
import { requireSession } from '../../sessions/guards';
import { controlGroupCounts, controlRate } from './control';
import { BASELINE_MS, errorGroups, errorRate } from './query';

/**
 * What was received is searchable at once: an unknown session is refused before any wait, then
 * the caller waits for the writer to store what came, on the event loop, so that notes and other
 * calls are answered meanwhile (a blocking flush() held the thread for the writer's commit).
 * Every API call that reads the session's feed (its queries, groups and rate, the debrief's
 * metrics, the recommendation, signing, exports) comes here first.
 */
export async function storedFor(host: HostContext, sessionId: string) {
  requireSession(host.repos, sessionId);
  await host.feeds.caughtUp();
}

/** The session's feed window: the baseline before it started, the session itself, up to its end. */
export function sessionWindow(host: HostContext, sessionId: string) {
  const session = requireSession(host.repos, sessionId);
  const { startedAt: started, endedAt: ended } = sessionBounds(host.repos.events.list(sessionId));
  const now = host.clock.now();
  const start = started ?? now;
  return {
    session,
    tenant: session.tenantId,
    started,
    from: start - BASELINE_MS,
    to: ended ?? now,
  };
}

const summary = (total: number, errors: number, ms: number) => {
  const minutes = Math.max(ms / 60_000, 1 / 60);
  return {
    total,
    errors,
    minutes: Math.round(minutes * 10) / 10,
    errorsPerMinute: Math.round((errors / minutes) * 100) / 100,
  };
};

type Bucket = { start: number; total: number; errors: number };

/** Bucket sizes the rate is counted in, in minutes: the smallest that gives at most MAX_BUCKETS. */
const BUCKET_MINUTES = [1, 2, 5, 10, 15, 30, 60, 120, 240] as const;
export const MAX_BUCKETS = 60;

/**
 * The bucket size for a window: one minute while the window spans an hour, then coarser, so the
 * chart (and what a page holds of it) stays at most MAX_BUCKETS bars however long a session runs.
 */
export function bucketMsFor(span: number): number {
  const minutes =
    BUCKET_MINUTES.find((m) => Math.ceil(span / (m * 60_000)) <= MAX_BUCKETS) ??
    BUCKET_MINUTES.at(-1)!;
  return minutes * 60_000;
}
const sum = (buckets: readonly Bucket[], from: number, to: number) =>
  buckets
    .filter((b) => b.start >= from && b.start < to)
    .reduce((a, b) => ({ total: a.total + b.total, errors: a.errors + b.errors }), {
      total: 0,
      errors: 0,
    });

/**
 * Errors per bucket over the baseline and the session, the two rates, the same for the control
 * group (the tenants the flag is off for), and the feed gaps. From what is stored: the caller
 * first waits for what was received (host.feeds.caughtUp(), or flush()).
 */
export function sessionRate(host: HostContext, sessionId: string) {
  const w = sessionWindow(host, sessionId);
  const span = w.to - w.from;
  const bucketMs = bucketMsFor(span);
  const buckets = errorRate(host.db, w.tenant, w.from, w.to, bucketMs);
  const start = w.started ?? w.to;
  const before = sum(buckets, w.from, start);
  const during = sum(buckets, start, w.to + 1);
  // The tenants the flag is off for, in the same minutes (counts only: see store/control.ts).
  const control = controlRate(host.db, w.from, w.to, bucketMs);
  const controlBefore = sum(control, w.from, start);
  const controlDuring = sum(control, start, w.to + 1);
  return {
    bucketMs,
    sessionStart: w.started,
    buckets,
    baseline: summary(before.total, before.errors, start - w.from),
    session: summary(during.total, during.errors, w.to - start),
    control: {
      buckets: control,
      baseline: summary(controlBefore.total, controlBefore.errors, start - w.from),
      session: summary(controlDuring.total, controlDuring.errors, w.to - start),
    },
    gaps: host.sources.gaps(sessionId, w.from, w.to),
  };
}

/**
 * The session tenant's error groups, NEW when first seen after the session started, each with
 * how many of its events the control group had in the window. From what is stored, as sessionRate.
 */
export function sessionGroups(host: HostContext, sessionId: string) {
  const w = sessionWindow(host, sessionId);
  const groups = errorGroups(
    host.db,
    { tenant: w.tenant, from: w.from, to: w.to + 60_000 },
    w.started ?? host.clock.now(),
  );
  // Whether each group also occurs where the flag is off, over the same window.
  const control = controlGroupCounts(
    host.db,
    groups.map((g) => g.groupKey),
    w.from,
    w.to + 60_000,
  );
  return groups.map((g) => ({ ...g, control: control.get(g.groupKey) ?? 0 }));
}
