import { afterEach, describe, expect, it } from 'vitest';
import { datadogFetcher } from './datadog';
import { RateLimitedError, PullError } from './http';
import { lokiFetcher, lokiQueryScoped } from './loki';
import { nextLink, sentryApiFetcher } from './sentryApi';
import { startStandIn, type StandIn } from '../../../../../test-support/pullStandIns';

let api: StandIn;
afterEach(() => api?.close());
const signal = () => new AbortController().signal;
const T0 = Date.parse('2026-11-22T10:00:00Z');

describe('Datadog Logs Search v2', () => {
  const config = (url: string) => ({
    site: url,
    query: 'service:shop',
    tenant: 'internal',
    tenantKey: 'tenant.id',
  });

  it('asks for the tenant only, sends both keys, and follows meta.page.after to the end', async () => {
    api = await startStandIn('datadog', { apiKey: 'dd-api', appKey: 'dd-app', pageSize: 2 });
    for (let i = 0; i < 5; i++)
      api.logs.push({
        time: T0 + i * 1000,
        level: i === 4 ? 'error' : 'info',
        service: 'shop',
        message: `checkout ${i}`,
        fields: { tenant: { id: 'internal' }, order: i },
      });
    api.logs.push({
      time: T0 + 500,
      level: 'info',
      service: 'shop',
      message: 'customer line',
      fields: { tenant: { id: 'acme' } },
    });
    api.logs.push({
      time: T0 + 600,
      level: 'info',
      service: 'billing',
      message: 'other service',
      fields: { tenant: { id: 'internal' } },
    });

    const fetch = datadogFetcher(config(api.url), { apiKey: 'dd-api', appKey: 'dd-app' });
    const { events } = await fetch({ from: T0 - 1000, to: T0 + 10_000 }, signal());

    expect(events.map((e) => e.message)).toEqual([
      'checkout 0',
      'checkout 1',
      'checkout 2',
      'checkout 3',
      'checkout 4',
    ]);
    expect(api.requests).toHaveLength(3); // 2 + 2 + 1, by cursor
    const first = api.requests[0]!.body as {
      filter: { query: string; from: string };
      page: { cursor?: string };
    };
    expect(first.filter.query).toBe('@tenant.id:internal (service:shop)');
    expect(first.filter.from).toBe(new Date(T0 - 1000).toISOString());
    expect((api.requests[1]!.body as { page: { cursor?: string } }).page.cursor).toBeTruthy();
    expect(events[4]).toMatchObject({
      level: 'error',
      service: 'shop',
      attributes: { 'tenant.id': 'internal', order: 4, host: 'i-0123', 'tag:env': 'internal' },
    });
    expect(new Set(events.map((e) => e.key)).size).toBe(5);
  });

  it('a page that timed out (meta.status "timeout") is not a window read', async () => {
    api = await startStandIn('datadog', { apiKey: 'k', appKey: 'k', pageSize: 2 });
    for (let i = 0; i < 3; i++)
      api.logs.push({
        time: T0 + i,
        level: 'info',
        service: 'shop',
        message: `line ${i}`,
        fields: { tenant: { id: 'internal' } },
      });
    const fetch = datadogFetcher(config(api.url), { apiKey: 'k', appKey: 'k' });
    api.timeoutNext(1);
    await expect(fetch({ from: T0 - 1, to: T0 + 10 }, signal())).rejects.toThrow(
      /timed out before reading the whole window/,
    );
    // The same window again, once Datadog completes the search: every line.
    const { events } = await fetch({ from: T0 - 1, to: T0 + 10 }, signal());
    expect(events.map((e) => e.message)).toEqual(['line 0', 'line 1', 'line 2']);
  });

  it('a refused key is a readable error; a 429 waits for X-RateLimit-Reset', async () => {
    api = await startStandIn('datadog', { apiKey: 'right', appKey: 'right' });
    const wrong = datadogFetcher(config(api.url), { apiKey: 'wrong', appKey: 'right' });
    await expect(wrong({ from: T0, to: T0 + 1 }, signal())).rejects.toThrow(
      /HTTP 403: the credentials were refused/,
    );
    api.rateLimitNext(7);
    // Datadog's own rate-limit headers, as the stand-in sends them: no Retry-After.
    const raw = await fetch(`${api.url}/api/v2/logs/events/search`, { method: 'POST' });
    expect(raw.status).toBe(429);
    expect(raw.headers.get('retry-after')).toBeNull();
    expect(
      Object.fromEntries([...raw.headers].filter(([k]) => k.startsWith('x-ratelimit-'))),
    ).toEqual({
      'x-ratelimit-limit': '300',
      'x-ratelimit-period': '3600',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': '7',
      'x-ratelimit-name': 'logs_search_query',
    });
    api.rateLimitNext(7);
    const right = datadogFetcher(config(api.url), { apiKey: 'right', appKey: 'right' });
    const error = await right({ from: T0, to: T0 + 1 }, signal()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(7000);
  });
});

describe('Grafana Loki query_range', () => {
  it('polls forward with the org id and basic auth, paging from the last timestamp', async () => {
    api = await startStandIn('loki', { basicAuth: 'ens:pw', orgId: 'team-a' });
    for (let i = 0; i < 5; i++)
      api.logs.push({
        time: T0 + i,
        level: 'info',
        service: 'shop',
        message: `line ${i}`,
        fields: { app: 'shop', tenant: 'internal' },
      });
    api.logs.push({
      time: T0 + 2,
      level: 'info',
      service: 'shop',
      message: 'customer',
      fields: { app: 'shop', tenant: 'acme' },
    });
    const fetch = lokiFetcher(
      { url: api.url, query: '{app="shop", tenant="internal"}', orgId: 'team-a' },
      { username: 'ens', password: 'pw' },
      2,
    );
    const { events } = await fetch({ from: T0, to: T0 + 60_000 }, signal());
    // Pages overlap at their boundary timestamp; the poller drops repeats by key.
    expect([...new Map(events.map((e) => [e.key, e.message])).values()]).toEqual([
      'line 0',
      'line 1',
      'line 2',
      'line 3',
      'line 4',
    ]);
    const starts = api.requests.map((r) => r.query.get('start'));
    expect(starts[0]).toBe(String(BigInt(T0) * 1_000_000n));
    expect(starts[1]).toBe(String(BigInt(T0 + 1) * 1_000_000n));
    expect(api.requests.every((r) => r.query.get('direction') === 'forward')).toBe(true);
    expect(events[0]).toMatchObject({
      time: T0,
      service: 'shop',
      attributes: { tenant: 'internal', app: 'shop' },
    });
  });

  it('reads past a page that is all one instant with a larger page, not by skipping it', async () => {
    api = await startStandIn('loki', {});
    for (let i = 0; i < 5; i++)
      api.logs.push({
        time: T0,
        level: 'info',
        service: 'shop',
        message: `same ${i}`,
        fields: { tenant: 'internal' },
      });
    api.logs.push({
      time: T0 + 1,
      level: 'info',
      service: 'shop',
      message: 'next',
      fields: { tenant: 'internal' },
    });
    const fetch = lokiFetcher(
      { url: api.url, query: '{tenant="internal"}', orgId: '' },
      { username: '', password: '' },
      2,
    );
    const { events, incomplete } = await fetch({ from: T0, to: T0 + 60_000 }, signal());
    expect(new Set(events.map((e) => e.message))).toEqual(
      new Set(['same 0', 'same 1', 'same 2', 'same 3', 'same 4', 'next']),
    );
    expect(incomplete).toBeUndefined();
    expect(api.requests.map((r) => r.query.get('limit'))).toContain('8');
  });

  it('without the right credentials says so', async () => {
    api = await startStandIn('loki', { basicAuth: 'ens:pw' });
    const fetch = lokiFetcher(
      { url: api.url, query: '{tenant="internal"}', orgId: '' },
      { username: 'ens', password: 'nope' },
    );
    await expect(fetch({ from: T0, to: T0 + 1000 }, signal())).rejects.toThrow(PullError);
  });

  it('a query is scoped when its selector names the tenant exactly', () => {
    expect(lokiQueryScoped('{app="shop", tenant="internal"} |= "error"', 'internal')).toBe(true);
    expect(lokiQueryScoped('{app="shop"} |= "internal"', 'internal')).toBe(false);
    expect(lokiQueryScoped('{tenant=~"internal.*"}', 'internal')).toBe(false);
    expect(lokiQueryScoped('{namespace="internal"}', 'internal')).toBe(false);
    expect(lokiQueryScoped('{app="shop", tenant_id="internal"}', 'internal')).toBe(true);
  });
});

describe('Sentry Web API', () => {
  it('lists the tenant’s issues, then their events with stacks, following Link cursors', async () => {
    api = await startStandIn('sentry', { token: 'sntrys_abc', organization: 'acme', pageSize: 2 });
    const frames = [{ function: 'pay', filename: 'checkout.ts', lineNo: 42 }];
    for (let i = 0; i < 3; i++) {
      api.logs.push({
        time: T0 + i * 1000,
        level: 'error',
        service: 'shop-1',
        message: 'Coupon failed',
        fields: { tenant: 'internal' },
        issue: '101',
        exception: { type: 'TypeError', value: `coupon ${i} undefined`, frames },
      });
    }
    api.logs.push({
      time: T0 + 100,
      level: 'error',
      service: 'shop-1',
      message: 'Tax',
      fields: { tenant: 'internal' },
      issue: '102',
      exception: { type: 'RangeError', value: 'tax', frames },
    });
    api.logs.push({
      time: T0 + 200,
      level: 'error',
      service: 'shop-1',
      message: 'Theirs',
      fields: { tenant: 'acme' },
      issue: '103',
    });
    api.logs.push({
      time: T0 + 300,
      level: 'warning',
      service: 'shop-1',
      message: 'Slow',
      fields: { tenant: 'internal' },
      issue: '104',
    });

    const fetch = sentryApiFetcher(
      {
        url: api.url,
        organization: 'acme',
        projects: ['7'],
        tenant: 'internal',
        tenantKey: 'tenant.id',
        tenantTag: 'tenant',
      },
      { token: 'sntrys_abc' },
    );
    const { events } = await fetch({ from: T0 - 1000, to: T0 + 60_000 }, signal());
    expect(events.map((e) => e.message)).toEqual([
      'Coupon failed',
      'Tax',
      'Slow',
      'Coupon failed',
      'Coupon failed',
    ]);
    const issuesCall = api.requests.find((r) => r.path.endsWith('/issues/'))!;
    expect(issuesCall.query.get('query')).toBe('tenant:internal');
    expect(issuesCall.query.getAll('project')).toEqual(['7']);
    expect(api.requests.filter((r) => r.path.endsWith('/issues/')).length).toBe(2); // 3 issues, 2 a page
    expect(api.requests.filter((r) => r.path.endsWith('/101/events/')).length).toBe(2);
    expect(events[0]).toMatchObject({
      level: 'error',
      attributes: { 'tenant.id': 'internal', 'tag:tenant': 'internal', 'sentry.issue': '101' },
      error: {
        type: 'TypeError',
        value: 'coupon 0 undefined',
        stack: '  at pay (checkout.ts:42:?)',
      },
      fingerprint: ['sentry-issue:101'],
    });
    expect(events[2]!.level).toBe('warn');
  });

  it('a bad token is refused with a readable reason', async () => {
    api = await startStandIn('sentry', { token: 'right', organization: 'acme' });
    const fetch = sentryApiFetcher(
      {
        url: api.url,
        organization: 'acme',
        projects: [],
        tenant: 'internal',
        tenantKey: 'tenant.id',
        tenantTag: 'tenant',
      },
      { token: 'wrong' },
    );
    await expect(fetch({ from: T0, to: T0 + 1 }, signal())).rejects.toThrow(
      /HTTP 401: the credentials were refused/,
    );
  });

  it('reads the next cursor from a Link header only while it has results', () => {
    const header = (more: boolean) =>
      `<https://sentry.io/api/0/organizations/acme/issues/?&cursor=1:0:1>; rel="previous"; results="false"; cursor="1:0:1", <https://sentry.io/api/0/organizations/acme/issues/?&cursor=1:100:0>; rel="next"; results="${more}"; cursor="1:100:0"`;
    expect(nextLink(header(true))).toBe(
      'https://sentry.io/api/0/organizations/acme/issues/?&cursor=1:100:0',
    );
    expect(nextLink(header(false))).toBeNull();
    expect(nextLink(null)).toBeNull();
  });
});
