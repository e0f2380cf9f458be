import { ApiError } from '../../../shared/api/errors';
import type { HandlerMap, HostContext } from '../api/types';
import { sessionBounds } from '../../../shared/run/clock';
import { requireSession } from '../sessions/guards';
import {
  BASELINE_MS,
  counterSum,
  errorGroups,
  errorRate,
  lastEventAt,
  queryEvents,
  redactionCounts,
} from './query';
import { getFeedSettings, setFeedSettings } from './settings';

/** The session's feed window: the baseline before it started, the session itself, up to its end. */
function sessionWindow(host: HostContext, sessionId: string) {
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

export const feedHandlers: HandlerMap<
  | 'feeds.query'
  | 'feeds.groups'
  | 'feeds.rate'
  | 'feeds.status'
  | 'feeds.getSettings'
  | 'feeds.updateSettings'
> = {
  'feeds.query': (args, host) => {
    const w = sessionWindow(host, args.sessionId);
    host.feeds.flush(); // what was received is searchable at once
    const { sessionId: _s, ...filter } = args;
    const result = queryEvents(
      host.db,
      { tenant: w.tenant, from: w.from, to: w.to + 60_000 },
      filter,
    );
    return { ...result, window: { from: w.from, to: w.to } };
  },

  'feeds.groups': (args, host) => {
    const w = sessionWindow(host, args.sessionId);
    host.feeds.flush();
    return errorGroups(
      host.db,
      { tenant: w.tenant, from: w.from, to: w.to + 60_000 },
      w.started ?? host.clock.now(),
    );
  },

  'feeds.rate': (args, host) => {
    const w = sessionWindow(host, args.sessionId);
    host.feeds.flush();
    const span = w.to - w.from;
    const bucketMs = span <= 2 * 3_600_000 ? 60_000 : 5 * 60_000;
    const buckets = errorRate(host.db, w.tenant, w.from, w.to, bucketMs);
    const start = w.started ?? w.to;
    const sum = (from: number, to: number) =>
      buckets
        .filter((b) => b.start >= from && b.start < to)
        .reduce((a, b) => ({ total: a.total + b.total, errors: a.errors + b.errors }), {
          total: 0,
          errors: 0,
        });
    const before = sum(w.from, start);
    const during = sum(start, w.to + 1);
    return {
      bucketMs,
      sessionStart: w.started,
      buckets,
      baseline: summary(before.total, before.errors, start - w.from),
      session: summary(during.total, during.errors, w.to - start),
      gaps: host.sources.gaps(args.sessionId, w.from, w.to),
    };
  },

  'feeds.status': (args, host) => {
    const w = sessionWindow(host, args.sessionId);
    const push = (kind: 'otlp' | 'sentry', name: string) => {
      const last = lastEventAt(host.db, w.tenant, kind);
      return {
        kind,
        name,
        status: host.info.ingestUrl
          ? last
            ? ('connected' as const)
            : ('waiting' as const)
          : ('off' as const),
        lastEventAt: last,
        detail: host.info.ingestUrl
          ? kind === 'otlp'
            ? `${host.info.ingestUrl}/v1/logs`
            : host.info.ingestUrl.replace('://', '://ensemble@') + '/1'
          : 'Receivers are off',
      };
    };
    return {
      ingestUrl: host.info.ingestUrl,
      sources: [
        push('otlp', 'OpenTelemetry logs'),
        push('sentry', 'Sentry errors'),
        ...host.sources.list(args.sessionId).map((s) => ({
          kind: s.kind,
          name: s.name,
          status: s.status,
          lastEventAt: s.lastEventAt,
          detail: s.detail,
        })),
      ],
      gaps: host.sources.gaps(args.sessionId, w.from, w.to),

      droppedOtherTenants: counterSum(host.db, 'dropped-other-tenant', w.started ?? w.from, w.to),
      redactions: redactionCounts(host.db, w.tenant, w.from, w.to),
    };
  },

  'feeds.getSettings': (args, host) => {
    requireSession(host.repos, args.sessionId);
    return getFeedSettings(host.db, args.sessionId);
  },

  'feeds.updateSettings': (args, host) => {
    const session = requireSession(host.repos, args.sessionId);
    if (session.status === 'ended')
      throw new ApiError(
        'conflict',
        'The session has ended; its feed settings are kept as they were',
      );
    for (const p of args.settings.redaction.patterns) {
      try {
        new RegExp(p.pattern, 'g');
      } catch {
        const message = `Pattern "${p.name}" is not a valid regular expression`;
        throw new ApiError('invalid_argument', `settings.redaction.patterns: ${message}`, [
          { path: 'settings.redaction.patterns', message },
        ]);
      }
    }
    setFeedSettings(host.db, args.sessionId, args.settings);
    host.emit({
      event: 'sessions.changed',
      payload: { sessionId: args.sessionId, change: 'updated' },
    });
    return args.settings;
  },
};
