import { afterEach, describe, expect, it } from 'vitest';
import { runFixture } from '../../../../test-support/runFixture';
import { rawEvent, storedEvents } from '../../../../test-support/feedEvents';

const MIN = 60_000;
let fx: Awaited<ReturnType<typeof runFixture>>;
afterEach(() => fx.host.dispose());

const ev = rawEvent;

describe('feed retention', () => {
  it('keeps the session window and its 30-minute baseline, and the last 30 minutes; deletes the rest and its index', async () => {
    fx = await runFixture();
    const { host, sessionId, advance } = fx;
    const t0 = await fx.now();
    host.feeds.ingest('otlp', [
      ev(t0 - 120 * MIN, 'long before'),
      ev(t0 - 20 * MIN, 'baseline'),
      ev(t0 + 5 * MIN, 'during'),
    ]);
    host.feeds.flush();
    await host.call('run.start', { sessionId });
    await advance(10 * MIN);
    await host.call('run.end', { sessionId });
    await advance(200 * MIN);
    // A next session being prepared for the same tenant keeps it watched.
    await host.call('sessions.create', { title: 'Next', tenantId: 'internal' });
    host.feeds.ingest('otlp', [ev(t0 + 150 * MIN, 'after, old'), ev(t0 + 205 * MIN, 'recent')]);
    host.feeds.flush();
    const removed = await host.purgeFeeds();
    expect(removed).toBe(2);
    expect(storedEvents(host.dataDir).map((e) => e.message)).toEqual([
      'baseline',
      'during',
      'recent',
    ]);
    // The full-text index forgot them too.
    expect((await host.call('feeds.query', { sessionId, text: 'long' })).events).toEqual([]);
    expect((await host.call('feeds.query', { sessionId, text: 'baseline' })).events).toHaveLength(
      1,
    );
  });
});
