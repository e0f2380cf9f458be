import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RawFeedEvent } from '../../../../shared/domain/feeds';
import { runFixture } from '../../../../test-support/runFixture';
import { rawEvent } from '../../../../test-support/feedEvents';

const MIN = 60_000;
let fx: Awaited<ReturnType<typeof runFixture>>;
let t0: number;
beforeEach(async () => {
  fx = await runFixture();
  t0 = await fx.now();
});
afterEach(() => fx.host.dispose());

const ev = (time: number, message: string, extra: Partial<RawFeedEvent> = {}) =>
  rawEvent(time, message, { service: 'shop-api', ...extra });
const err = (time: number, type: string, value: string) =>
  ev(time, `${type}: ${value}`, { level: 'error', error: { type, value, stack: '' } });
const ingest = (events: RawFeedEvent[]) => {
  fx.host.feeds.ingest('otlp', events);
  fx.host.feeds.flush();
};

describe('feeds API', () => {
  it('searches the session tenant’s events with full text, levels and paging', async () => {
    const { host, sessionId } = fx;
    ingest([
      ev(t0 - 5 * MIN, 'cart loaded'),
      ev(t0 - 4 * MIN, 'payment authorised for order 1'),
      err(t0 - 3 * MIN, 'PaymentError', 'card declined'),
      ev(t0 - 2 * MIN, 'payment captured'),
      ev(t0 - MIN, 'other tenant', { attributes: { 'tenant.id': 'acme' } }),
    ]);
    const all = await host.call('feeds.query', { sessionId });
    expect(all.events.map((e) => e.message)).toEqual([
      'payment captured',
      'PaymentError: card declined',
      'payment authorised for order 1',
      'cart loaded',
    ]);
    expect((await host.call('feeds.query', { sessionId, text: 'payment' })).events).toHaveLength(3);
    expect((await host.call('feeds.query', { sessionId, text: 'paym' })).events).toHaveLength(3); // prefix
    expect(
      (await host.call('feeds.query', { sessionId, text: 'payment declined' })).events.map(
        (e) => e.message,
      ),
    ).toEqual(['PaymentError: card declined']);
    expect(
      (await host.call('feeds.query', { sessionId, text: '"); DROP TABLE feed_events; --' }))
        .events,
    ).toEqual([]);
    expect(
      (await host.call('feeds.query', { sessionId, levels: ['error', 'fatal'] })).events,
    ).toHaveLength(1);
    const page1 = await host.call('feeds.query', { sessionId, limit: 2 });
    expect(page1.hasMore).toBe(true);
    const page2 = await host.call('feeds.query', {
      sessionId,
      limit: 2,
      beforeId: page1.events.at(-1)!.id,
    });
    expect(page2.events.map((e) => e.message)).toEqual([
      'payment authorised for order 1',
      'cart loaded',
    ]);
    expect(page2.hasMore).toBe(false);
    const tail = await host.call('feeds.query', { sessionId, afterId: page2.events[0]!.id });
    expect(tail.events.map((e) => e.message)).toEqual([
      'PaymentError: card declined',
      'payment captured',
    ]);
  });

  it('groups errors, flags groups first seen during the session, and compares the error rate with the baseline', async () => {
    const { host, sessionId, advance } = fx;
    ingest([err(t0 - 20 * MIN, 'TimeoutError', 'upstream took 3001 ms'), ev(t0 - 10 * MIN, 'ok')]);
    await host.call('run.start', { sessionId });
    await advance(10 * MIN);
    ingest([
      err(t0 + MIN, 'TimeoutError', 'upstream took 4200 ms'),
      err(t0 + 2 * MIN, 'CheckoutError', 'total mismatch for order 77'),
      err(t0 + 3 * MIN, 'CheckoutError', 'total mismatch for order 78'),
      ev(t0 + 4 * MIN, 'ok'),
    ]);
    const groups = await host.call('feeds.groups', { sessionId });
    expect(groups.map((g) => [g.groupKey, g.count, g.isNew])).toEqual([
      ['CheckoutError: total mismatch for order <n>', 2, true],
      ['TimeoutError: upstream took <n> ms', 2, false],
    ]);
    expect(groups[0]!.sparkline.reduce((a, b) => a + b, 0)).toBe(2);
    const rate = await host.call('feeds.rate', { sessionId });
    expect(rate.baseline).toMatchObject({ total: 2, errors: 1, minutes: 30 });
    expect(rate.session).toMatchObject({ total: 4, errors: 3, minutes: 10, errorsPerMinute: 0.3 });
    const byGroup = await host.call('feeds.query', {
      sessionId,
      groupKey: 'TimeoutError: upstream took <n> ms',
    });
    expect(byGroup.events).toHaveLength(2);
  });

  it('keeps the error-rate chart to 60 bars however long the session runs, counting every error', async () => {
    const { host, sessionId, advance } = fx;
    await host.call('run.start', { sessionId });
    const errors = Array.from({ length: 36 }, (_, i) =>
      err(t0 + i * 5 * MIN + 1000, 'TimeoutError', `upstream took ${i} ms`),
    );
    await advance(30 * MIN);
    const early = await host.call('feeds.rate', { sessionId });
    expect([early.bucketMs, early.buckets.length]).toEqual([MIN, 60]); // baseline + 30 min
    await advance(30 * MIN);
    const hour = await host.call('feeds.rate', { sessionId });
    expect([hour.bucketMs, hour.buckets.length]).toEqual([2 * MIN, 45]);
    await advance(120 * MIN);
    ingest(errors);
    const late = await host.call('feeds.rate', { sessionId });
    expect(late.bucketMs).toBe(5 * MIN); // 3 h 30 min in 5-minute bars
    expect(late.buckets.length).toBeLessThanOrEqual(60);
    expect(late.buckets.reduce((a, b) => a + b.errors, 0)).toBe(36);
    expect(late.session).toMatchObject({ errors: 36, minutes: 180 });
  });

  it('reports source status, other tenants dropped and redactions made', async () => {
    const { host, sessionId } = fx;
    await host.call('run.start', { sessionId });
    ingest([
      ev(t0, 'login by ana@example.com'),
      ev(t0, 'x', { attributes: { 'tenant.id': 'acme' } }),
      ev(t0, 'y', { attributes: { 'tenant.id': 'acme' } }),
    ]);
    const status = await host.call('feeds.status', { sessionId });
    expect(status.droppedOtherTenants).toBe(2);
    expect(status.redactions).toEqual({ email: 1 });
    expect(status.sources.map((s) => s.status)).toEqual(['off', 'off']); // no ingest server in this host
    // When each source last delivered: the newest arrival for OpenTelemetry, nothing from Sentry.
    expect(status.sources.map((s) => s.lastEventAt)).toEqual([t0, null]);
  });

  it('validates feed settings and applies a new tenant key to what comes next', async () => {
    const { host, sessionId } = fx;
    const bad = await host.dispatch(
      'feeds.updateSettings',
      {
        sessionId,
        settings: {
          tenantKey: 'org',
          sentryTenantTag: 'tenant',
          redaction: { redactIps: true, extraKeys: [], patterns: [{ name: 'x', pattern: '([' }] },
        },
      },
      { transport: 'test' },
    );
    expect(bad).toMatchObject({
      ok: false,
      error: {
        message: expect.stringMatching(/Pattern "x": Not a pattern Ensemble can run safely/),
      },
    });
    await host.call('feeds.updateSettings', {
      sessionId,
      settings: {
        tenantKey: 'org',
        sentryTenantTag: 'tenant',
        redaction: { redactIps: true, extraKeys: [], patterns: [] },
      },
    });
    ingest([
      ev(t0, 'from 10.0.0.7', { attributes: { org: 'internal' } }),
      ev(t0, 'old key', { attributes: { 'tenant.id': 'internal' } }),
    ]);
    expect((await host.call('feeds.query', { sessionId })).events.map((e) => e.message)).toEqual([
      'from [redacted:ip]',
    ]);
  });

  it('takes custom patterns RE2 can run and refuses look-around, saving nothing', async () => {
    const { host, sessionId } = fx;
    const before = await host.call('feeds.getSettings', { sessionId });
    const settings = (pattern: string) => ({
      ...before,
      redaction: { ...before.redaction, patterns: [{ name: 'order', pattern }] },
    });
    const refused = await host.dispatch(
      'feeds.updateSettings',
      { sessionId, settings: settings('(?<=order )\\d+') },
      { transport: 'test' },
    );
    expect(refused).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/Pattern "order": .*without look-around/) },
    });
    expect(await host.call('feeds.getSettings', { sessionId })).toEqual(before);
    // A pattern a backtracking engine would take years over, on a line built to trigger it.
    await host.call('feeds.updateSettings', { sessionId, settings: settings('(ORD-\\w+)+$') });
    ingest([ev(t0, `ORD-${'a'.repeat(5_000)}! and ORD-77`)]);
    const [event] = (await host.call('feeds.query', { sessionId })).events;
    expect(event!.message).toBe(`ORD-${'a'.repeat(5_000)}! and [redacted:order]`);
  });

  it('pins an event or an error group to a note as evidence, only from this tenant', async () => {
    const { host, sessionId, people, noteOp } = fx;
    const start = await host.call('run.start', { sessionId });
    ingest([err(t0, 'CheckoutError', 'total mismatch')]);
    const [event] = (await host.call('feeds.query', { sessionId })).events;
    const op = noteOp(people.Ana!, 'bug: totals differ', start.hostNow, { type: 'bug' });
    if (op.kind === 'note.create')
      op.note.evidence = [
        { kind: 'event', eventId: event!.id, summary: '' },
        { kind: 'group', groupKey: event!.groupKey!, summary: '' },
      ];
    const applied = await host.call('notes.apply', { sessionId, ops: [op] });
    expect(applied.notes[0]!.evidence).toEqual([
      { kind: 'event', eventId: event!.id, summary: 'CheckoutError: total mismatch' },
      {
        kind: 'group',
        groupKey: 'CheckoutError: total mismatch',
        summary: 'CheckoutError: total mismatch',
      },
    ]);
    const foreign = noteOp(people.Ana!, 'bug: x', start.hostNow);
    if (foreign.kind === 'note.create')
      foreign.note.evidence = [{ kind: 'event', eventId: 999_999, summary: '' }];
    expect(
      (await host.call('notes.apply', { sessionId, ops: [foreign] })).results[0],
    ).toMatchObject({
      status: 'rejected',
      error: 'A pinned log event is not one of this tenant’s',
    });
  });
});
