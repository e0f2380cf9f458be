import type { Recommendation } from '../../../shared/domain/decision';
import type { DecisionRecordV1 } from '../../../shared/domain/record';
import { recommend, type RecommendInput } from '../../../shared/decision/recommend';
import { elapsedAt, runningIntervals, sessionBounds } from '../../../shared/run/clock';
import { goalTimes } from '../../../shared/run/goalTime';
import type { HostContext } from '../context';
import { counterSum } from '../feeds/query/query';
import { sessionGroups, sessionRate } from '../feeds/query/sessionFeed';
import { requireSession } from '../sessions/guards';

type Metrics = DecisionRecordV1['metrics'];
const iso = (t: number) => new Date(t).toISOString();
const minutes = (ms: number) => Math.round((ms / 60_000) * 10) / 10;

/** The session's error rate and error groups: read once, used by the metrics and the checks. */
export type FeedFigures = {
  rate: ReturnType<typeof sessionRate>;
  groups: ReturnType<typeof sessionGroups>;
};
/**
 * As stored now. The calls that use them wait first for what was received to be stored
 * (`storedFor`, in feeds/query/sessionFeed.ts), so everything received counts.
 */
export function feedFigures(host: HostContext, sessionId: string): FeedFigures {
  return { rate: sessionRate(host, sessionId), groups: sessionGroups(host, sessionId) };
}

/** Metrics computed from what is stored: the run's event log, the notes and the feeds. */
export function sessionMetrics(
  host: HostContext,
  sessionId: string,
  { rate, groups }: FeedFigures = feedFigures(host, sessionId),
): Metrics {
  requireSession(host.repos, sessionId);
  const events = host.repos.events.list(sessionId);
  const now = host.clock.now();
  const { endedAt } = sessionBounds(events);
  const end = endedAt ?? now;
  const notes = host.repos.notes.list(sessionId).filter((n) => n.deletedAt === null);
  const names = new Map(host.repos.participants.list(sessionId).map((p) => [p.id, p.name]));
  const notesByType: Record<string, number> = {};
  const byPerson = new Map<string, number>();
  for (const n of notes) {
    notesByType[n.type] = (notesByType[n.type] ?? 0) + 1;
    const who = (n.authorId && names.get(n.authorId)) || 'Unknown';
    byPerson.set(who, (byPerson.get(who) ?? 0) + 1);
  }
  return {
    durationMinutes: minutes(elapsedAt(runningIntervals(events), end)),
    rotations: events.filter((e) => e.type === 'rotation.rotated').length,
    breaks: events.filter(
      (e) => e.type === 'session.paused' && (e.payload as { reason?: string }).reason === 'break',
    ).length,
    notesByType,
    notesByPerson: [...byPerson]
      .map(([name, count]) => ({ name, count }))
      .sort((a, b) => b.count - a.count),
    errors: {
      session: rate.session.errors,
      baseline: rate.baseline.errors,
      sessionPerMinute: rate.session.errorsPerMinute,
      baselinePerMinute: rate.baseline.errorsPerMinute,
      baselineMinutes: rate.baseline.minutes,
      newGroups: groups
        .filter((g) => g.isNew)
        .map((g) => ({
          groupKey: g.groupKey,
          type: g.type,
          sample: g.sample,
          count: g.count,
          firstSeen: iso(g.firstSeen),
          control: g.control,
        })),
      control: rate.control.buckets.some((b) => b.total > 0)
        ? {
            events: rate.control.session.total,
            errors: rate.control.session.errors,
            buckets: rate.control.buckets.map((b) => ({
              start: iso(b.start),
              errors: b.errors,
              total: b.total,
            })),
          }
        : null,
      rate: {
        bucketMinutes: rate.bucketMs / 60_000,
        sessionStart: rate.sessionStart === null ? null : iso(rate.sessionStart),
        buckets: rate.buckets.map((b) => ({
          start: iso(b.start),
          errors: b.errors,
          total: b.total,
        })),
      },
    },
    gaps: rate.gaps.map((g) => ({
      source: g.sourceName,
      from: iso(g.from),
      to: g.to === null ? null : iso(g.to),
      reason: g.reason,
      backfilled: g.backfilled,
    })),
  };
}

/** Minutes spent on each goal, from the focus changes. */
export function goalMinutes(host: HostContext, sessionId: string): Record<string, number> {
  const events = host.repos.events.list(sessionId);
  const totals = goalTimes(events, sessionBounds(events).endedAt ?? host.clock.now());
  return Object.fromEntries(Object.entries(totals).map(([id, ms]) => [id, minutes(ms)]));
}

/** Everything the recommendation engine weighs, read from the store. */
export function recommendInput(
  host: HostContext,
  sessionId: string,
  { rate, groups }: FeedFigures = feedFigures(host, sessionId),
): RecommendInput {
  const outcomes = new Map(
    host.repos.debrief.outcomes(sessionId).map((o) => [o.goalId, o.outcome]),
  );
  const rollout = host.repos.debrief.debrief(sessionId).rollout;
  const session = requireSession(host.repos, sessionId);
  const events = host.repos.events.list(sessionId);
  const { startedAt, endedAt } = sessionBounds(events);
  const end = endedAt ?? host.clock.now();
  return {
    session: {
      started: startedAt !== null,
      runningMs: elapsedAt(runningIntervals(events), end),
      tenant: session.tenantId,
      otherTenantEvents:
        startedAt === null ? 0 : counterSum(host.db, 'dropped-other-tenant', startedAt, end),
    },
    goals: host.repos.goals.list(sessionId).map((g) => ({
      id: g.id,
      title: g.title,
      priority: g.priority,
      outcome: outcomes.get(g.id) ?? null,
    })),
    findings: host.repos.debrief.findings(sessionId),
    errors: {
      sessionEvents: rate.session.total,
      baselineEvents: rate.baseline.total,
      sessionErrorsPerMinute: rate.session.errorsPerMinute,
      baselineErrorsPerMinute: rate.baseline.errorsPerMinute,
      baselineMinutes: rate.baseline.minutes,
      sessionErrors: rate.session.errors,
      control: { events: rate.control.session.total, errors: rate.control.session.errors },
      newGroups: groups
        .filter((g) => g.isNew)
        .map((g) => ({
          groupKey: g.groupKey,
          type: g.type,
          sample: g.sample,
          count: g.count,
          control: g.control,
        })),
    },
    gaps: rate.gaps,
    stages: rollout.stages,
    currentStage: rollout.currentStage,
    thresholds: rollout.thresholds,
  };
}

export const currentRecommendation = (
  host: HostContext,
  sessionId: string,
  figures?: FeedFigures,
): Recommendation => recommend(recommendInput(host, sessionId, figures));
