import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../../shared/api/errors';
import { runFixture } from '../../../../test-support/runFixture';
import { startStandIn, type StandIn } from '../../../../test-support/pullStandIns';
import { CREDENTIALS_FILE } from '../../secrets/store';

let fx: Awaited<ReturnType<typeof runFixture>>;
let api: StandIn;
afterEach(async () => {
  fx?.host.dispose();
  await api?.close();
});
const waitFor = async (check: () => Promise<boolean> | boolean, ms = 30_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/**
 * Once no request has come for `ms`: what was already on its way when the source stopped, or
 * the one last poll owed when the session ended during a poll, has arrived (the tests bound how
 * many). A source still polling (every second here) never goes quiet, and this times out.
 */
const quiet = async (ms = 1500) => {
  for (const end = Date.now() + 30_000; Date.now() < end;) {
    const before = api.requests.length;
    await sleep(ms);
    if (api.requests.length === before) return;
  }
  throw new Error('still polling');
};
const API_KEY = 'ddapi_0123456789abcdef0123456789abcdef';
const APP_KEY = 'ddapp_fedcba9876543210fedcba9876543210';

async function datadogSession() {
  fx = await runFixture({ systemClock: true });
  api = await startStandIn('datadog', { apiKey: API_KEY, appKey: APP_KEY, pageSize: 50 });
  const { host, sessionId } = fx;
  const source = await host.call('sources.add', {
    sessionId,
    source: {
      kind: 'datadog',
      name: 'prod logs',
      site: api.url,
      query: 'service:shop',
      pollSeconds: 1,
      credentials: { apiKey: API_KEY, appKey: APP_KEY },
    },
  });
  const log = (message: string, level = 'info', tenant = 'internal') =>
    api.logs.push({
      time: Date.now() - 2000,
      level,
      service: 'shop',
      message,
      fields: { tenant: { id: tenant } },
    });
  const stored = async () =>
    (await host.call('feeds.query', { sessionId, sources: ['datadog'] })).events;
  return { host, sessionId, source, log, stored };
}

// Conditions waited on, not timings: on a loaded machine a poll and its store can take seconds.
describe('pull sources', { timeout: 90_000 }, () => {
  it('poll Datadog while the session runs: the tenant’s logs, once each, redacted', async () => {
    const { host, sessionId, source, log, stored } = await datadogSession();
    expect(source).toMatchObject({ kind: 'datadog', hasCredentials: true, status: 'off' });
    expect(source.target).toContain('@tenant.id:internal (service:shop)');
    log('checkout failed for ana@example.com', 'error');
    log('a customer’s line', 'info', 'acme'); // the stand-in filters by the query; never asked for

    await host.call('run.start', { sessionId });
    await waitFor(async () => (await stored()).length === 1);
    log('second line');
    await waitFor(async () => (await stored()).length === 2);
    // Several overlapping polls later, still one copy of each.
    await waitFor(() => api.requests.length >= 5);
    const events = await stored();
    expect(events.map((e) => e.message).sort()).toEqual([
      'checkout failed for [redacted:email]',
      'second line',
    ]);
    expect(events.every((e) => e.tenant === 'internal')).toBe(true);
    expect((await host.call('sources.list', { sessionId }))[0]).toMatchObject({
      status: 'connected',
    });
    const first = api.requests[0]!;
    expect(first.headers['dd-api-key']).toBe(API_KEY);
    // The first poll reaches back over the baseline window before the session.
    const from = Date.parse((first.body as { filter: { from: string } }).filter.from);
    expect(Date.now() - from).toBeGreaterThan(29 * 60_000);

    // Written just before the end: the last poll, up to the end, still fetches it.
    log('last words', 'warn');
    await host.call('run.end', { sessionId });
    const atEnd = api.requests.length;
    await waitFor(async () => (await stored()).length === 3);
    expect((await host.call('sources.list', { sessionId }))[0]).toMatchObject({ status: 'off' });
    await quiet();
    // At most the poll under way at the end and the one last poll it owed.
    expect(api.requests.length - atEnd).toBeLessThanOrEqual(2);
    const after = api.requests.length;
    await sleep(1500);
    expect(api.requests.length).toBe(after);
    expect((await stored()).length).toBe(3);
  });

  it('turned off and on again, or its session deleted: nothing stored twice, nothing left polling', async () => {
    const { host, sessionId, source, log, stored } = await datadogSession();
    log('only once');
    await host.call('run.start', { sessionId });
    await waitFor(async () => (await stored()).length === 1);
    await host.call('sources.setEnabled', { id: source.id, enabled: false });
    const before = api.requests.length;
    await host.call('sources.setEnabled', { id: source.id, enabled: true });
    await waitFor(() => api.requests.length >= before + 3); // the overlap is asked for again…
    expect((await stored()).length).toBe(1); // …and not stored again
    await host.call('sessions.delete', { id: sessionId });
    const atDelete = api.requests.length;
    await quiet();
    expect(api.requests.length - atDelete).toBeLessThanOrEqual(1); // one already on its way
    const after = api.requests.length;
    await sleep(1500);
    expect(api.requests.length).toBe(after);
  });

  it('keep credentials in a 0600 file only: never in an answer or the database', async () => {
    const { host, sessionId, source } = await datadogSession();
    const answers = JSON.stringify([source, await host.call('sources.list', { sessionId })]);
    expect(answers).not.toContain(API_KEY);
    expect(answers).not.toContain(APP_KEY);
    await host.call('run.start', { sessionId });
    await waitFor(() => api.requests.length > 0);
    const file = path.join(fx.host.dataDir, CREDENTIALS_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    for (const name of fs.readdirSync(fx.host.dataDir).filter((n) => n.startsWith('ensemble'))) {
      const bytes = fs.readFileSync(path.join(fx.host.dataDir, name));
      expect(bytes.includes(API_KEY), name).toBe(false);
      expect(bytes.includes(APP_KEY), name).toBe(false);
    }
    await host.call('sources.remove', { id: source.id });
    expect(fs.readFileSync(file, 'utf8')).not.toContain(source.id);
  });

  it('wait as long as a 429 asks, without a gap', async () => {
    const { host, sessionId, log, stored } = await datadogSession();
    log('before');
    await host.call('run.start', { sessionId });
    await waitFor(() => api.requests.length >= 1);
    api.rateLimitNext(2);
    const limitedAt = api.requests.length; // the next request is answered 429
    await waitFor(() => api.requests.length >= limitedAt + 2, 8000);
    const limited = api.requests[limitedAt]!;
    const retried = api.requests[limitedAt + 1]!;
    expect(retried.at - limited.at).toBeGreaterThanOrEqual(1900); // Retry-After: 2
    expect((retried.body as { filter: { from: string } }).filter.from).toBe(
      (limited.body as { filter: { from: string } }).filter.from,
    ); // the same window again: nothing skipped
    const status = await host.call('feeds.status', { sessionId });
    expect(status.gaps).toEqual([]);
    expect((await stored()).length).toBe(1);
  });

  it('a Datadog search that timed out is a gap, fetched again and closed as backfilled', async () => {
    const { host, sessionId, log, stored } = await datadogSession();
    await host.call('run.start', { sessionId });
    await waitFor(() => api.requests.length >= 1);
    log('written while the search timed out', 'error');
    api.timeoutNext(2);
    await waitFor(async () => (await host.call('feeds.status', { sessionId })).gaps.length === 1);
    const open = (await host.call('feeds.status', { sessionId })).gaps[0]!;
    expect(open.reason).toMatch(/timed out before reading the whole window/);
    await waitFor(async () => (await host.call('feeds.rate', { sessionId })).gaps[0]?.to !== null);
    expect((await host.call('feeds.rate', { sessionId })).gaps[0]).toMatchObject({
      backfilled: true,
    });
    await waitFor(async () => (await stored()).length === 1);
  });

  it('a failing API opens a gap on the timeline, closed and backfilled when it answers again', async () => {
    const { host, sessionId, log, stored } = await datadogSession();
    // Every screen showing the session is told when a gap opens or closes (and when the source
    // changes status), not at its next refresh.
    const told: string[] = [];
    host.subscribe((e) => e.event === 'feeds.sourcesChanged' && told.push(e.payload.sessionId));
    await host.call('run.start', { sessionId });
    await waitFor(() => api.requests.length >= 1);
    api.failNext(2, 503);
    await waitFor(async () => (await host.call('feeds.status', { sessionId })).gaps.length === 1);
    const open = (await host.call('feeds.status', { sessionId })).gaps[0]!;
    expect(open).toMatchObject({ sourceName: 'prod logs', to: null, backfilled: false });
    expect(open.reason).toMatch(/HTTP 503: the service is unavailable/);
    const status = (await host.call('feeds.status', { sessionId })).sources.find(
      (s) => s.name === 'prod logs',
    );
    expect(status).toMatchObject({ status: 'error' });
    expect(new Set(told)).toEqual(new Set([sessionId]));
    const toldWhenOpened = told.length;
    log('written during the outage', 'error');

    await waitFor(async () => (await host.call('feeds.rate', { sessionId })).gaps[0]?.to !== null);
    const [closed] = (await host.call('feeds.rate', { sessionId })).gaps;
    expect(closed).toMatchObject({ backfilled: true });
    expect(told.length).toBeGreaterThan(toldWhenOpened);
    await waitFor(async () => (await stored()).length === 1);

    // A source that is failing when the session ends leaves a gap that ends there too.
    api.failNext(1000, 503);
    await waitFor(async () => (await host.call('feeds.status', { sessionId })).gaps.length === 2);
    await host.call('run.end', { sessionId });
    // After one last try, up to the end.
    await waitFor(async () => (await host.call('feeds.rate', { sessionId })).gaps[1]?.to !== null);
    const gaps = (await host.call('feeds.rate', { sessionId })).gaps;
    expect(gaps[1]).toMatchObject({ backfilled: false });
  });

  it('refuse sources from other machines and Loki queries not scoped to the tenant', async () => {
    fx = await runFixture();
    const { host, sessionId } = fx;
    const loki = (query: string) => ({
      kind: 'loki' as const,
      name: 'loki',
      url: 'https://loki.example.com',
      query,
      credentials: { username: '', password: '' },
    });
    await expect(
      host.call(
        'sources.add',
        { sessionId, source: loki('{tenant="internal"}') },
        { transport: 'web', remote: true },
      ),
    ).rejects.toMatchObject({ code: 'unauthorized' });
    const error = await host
      .call('sources.add', { sessionId, source: loki('{app="shop"}') })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).issues?.[0]).toMatchObject({ path: 'source.query' });
    await expect(
      host.call('sources.add', {
        sessionId,
        source: { ...loki('{tenant="internal"}'), url: 'http://loki.example.com' },
      }),
    ).rejects.toThrow(/Use https:\/\//);
    await expect(
      host.call('sources.add', {
        sessionId,
        source: { ...loki('{tenant="internal"}'), url: 'https://user:s3cret@loki.example.com' },
      }),
    ).rejects.toThrow(/Leave credentials out of the address/);
    expect(await host.call('sources.list', { sessionId })).toEqual([]);
  });
});
