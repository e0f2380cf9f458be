import type {
  FeedSettings,
  OwnSourceKind,
  PullKind,
  RawFeedEvent,
} from '../../../../shared/domain/feeds';
import type { Runner } from './local/runners';
import { datadogBase, datadogFetcher, datadogQuery, type DatadogCredentials } from './pull/datadog';
import type { Fetcher } from './pull/http';
import { lokiFetcher, lokiQueryScoped, type LokiCredentials } from './pull/loki';
import { startPoller, type PollerOptions } from './pull/poller';
import { sentryApiFetcher, type SentryApiCredentials } from './pull/sentryApi';

type Config = Record<string, unknown>;
const text = (v: unknown) => (typeof v === 'string' ? v : '');

export const PULL_NAMES: Record<PullKind, string> = {
  datadog: 'Datadog',
  loki: 'Loki',
  'sentry-api': 'Sentry',
};

/** What a source runs, reads or asks, in one line for the source list. */
export function describeTarget(
  kind: OwnSourceKind,
  c: Config,
  tenant: string,
  settings: FeedSettings,
): string {
  switch (kind) {
    case 'command':
      return text(c.command);
    case 'file':
      return text(c.path);
    case 'datadog':
      return `${datadogBase(text(c.site))} · ${datadogQuery({ site: text(c.site), query: text(c.query), tenant, tenantKey: settings.tenantKey })}`;
    case 'loki':
      return `${text(c.url)} · ${text(c.query)}`;
    case 'sentry-api':
      return `${text(c.url)} · ${text(c.organization)} · ${settings.sentryTenantTag}:${tenant}`;
  }
}

export const lokiScopeError = (query: string, tenant: string) =>
  lokiQueryScoped(query, tenant)
    ? null
    : `Scope the stream selector to the tenant with a tenant label, e.g. {app="shop", tenant="${tenant}"}`;

function fetcherFor(
  kind: PullKind,
  c: Config,
  credentials: unknown,
  tenant: string,
  settings: FeedSettings,
): Fetcher {
  switch (kind) {
    case 'datadog':
      return datadogFetcher(
        { site: text(c.site), query: text(c.query), tenant, tenantKey: settings.tenantKey },
        credentials as DatadogCredentials,
      );
    case 'loki':
      return lokiFetcher(
        { url: text(c.url), query: text(c.query), orgId: text(c.orgId) },
        (credentials as LokiCredentials | null) ?? { username: '', password: '' },
      );
    case 'sentry-api':
      return sentryApiFetcher(
        {
          url: text(c.url),
          organization: text(c.organization),
          projects: Array.isArray(c.projects) ? c.projects.map(String) : [],
          tenant,
          tenantKey: settings.tenantKey,
          tenantTag: settings.sentryTenantTag,
        },
        credentials as SentryApiCredentials,
      );
  }
}

/** Starts polling one API source for its session. */
export function startPullSource(o: {
  kind: PullKind;
  name: string;
  config: Config;
  credentials: unknown;
  tenant: string;
  settings: FeedSettings;
  now: () => number;
  from: number;
  saveCursor: (from: number) => void;
  deliver: (events: RawFeedEvent[]) => void;
  stored: PollerOptions['stored'];
  storedKeys: PollerOptions['storedKeys'];
  gaps: PollerOptions['gaps'];
}): Runner {
  const seconds = typeof o.config.pollSeconds === 'number' ? o.config.pollSeconds : 5;
  return startPoller({
    name: `${PULL_NAMES[o.kind]} (${o.name})`,
    fetcher: fetcherFor(o.kind, o.config, o.credentials, o.tenant, o.settings),
    intervalMs: seconds * 1000,
    now: o.now,
    from: o.from,
    saveCursor: o.saveCursor,
    deliver: o.deliver,
    stored: o.stored,
    storedKeys: o.storedKeys,
    gaps: o.gaps,
  });
}
