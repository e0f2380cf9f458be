import { compileLinear } from '../../../../shared/domain/linearPattern';
import { ApiError } from '../../../../shared/api/errors';
import type { HandlerMap } from '../../context';
import { requireSession } from '../../sessions/guards';
import { counterSum, lastEventAt, queryEvents, redactionCounts } from './query';
import { sessionGroups, sessionRate, sessionWindow, storedFor } from './sessionFeed';

export const feedHandlers: HandlerMap<
  | 'feeds.query'
  | 'feeds.groups'
  | 'feeds.rate'
  | 'feeds.status'
  | 'feeds.getSettings'
  | 'feeds.updateSettings'
> = {
  'feeds.query': async (args, host) => {
    await storedFor(host, args.sessionId);
    const w = sessionWindow(host, args.sessionId);
    const { sessionId: _s, ...filter } = args;
    const result = queryEvents(
      host.db,
      { tenant: w.tenant, from: w.from, to: w.to + 60_000 },
      filter,
    );
    return { ...result, window: { from: w.from, to: w.to } };
  },

  'feeds.groups': async (args, host) => {
    await storedFor(host, args.sessionId);
    return sessionGroups(host, args.sessionId);
  },

  'feeds.rate': async (args, host) => {
    await storedFor(host, args.sessionId);
    return sessionRate(host, args.sessionId);
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
        warning: null,
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
          warning: s.warning,
        })),
      ],
      gaps: host.sources.gaps(args.sessionId, w.from, w.to),

      droppedOtherTenants: counterSum(host.db, 'dropped-other-tenant', w.started ?? w.from, w.to),
      redactions: redactionCounts(host.db, w.tenant, w.from, w.to),
    };
  },

  'feeds.getSettings': (args, host) => {
    requireSession(host.repos, args.sessionId);
    return host.repos.sessions.feedSettings(args.sessionId);
  },

  'feeds.updateSettings': (args, host) => {
    const session = requireSession(host.repos, args.sessionId);
    if (session.status === 'ended')
      throw new ApiError(
        'conflict',
        'The session has ended; its feed settings are kept as they were',
      );
    // Patterns run on every stored text, some of it from anyone who reaches the ingest port:
    // only those RE2 compiles (linear-time matching) are taken.
    for (const p of args.settings.redaction.patterns) {
      const compiled = compileLinear(p.pattern);
      if (!compiled.ok)
        throw ApiError.field(
          'settings.redaction.patterns',
          `Pattern "${p.name}": ${compiled.error}`,
        );
    }
    host.repos.sessions.setFeedSettings(args.sessionId, args.settings);
    host.emit({
      event: 'sessions.changed',
      payload: { sessionId: args.sessionId, change: 'updated' },
    });
    return args.settings;
  },
};
