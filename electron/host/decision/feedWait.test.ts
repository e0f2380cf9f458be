import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rawEvent } from '../../../test-support/feedEvents';
import { runFixture } from '../../../test-support/runFixture';
import { lockHeld } from '../../../test-support/writeLock';
import { writerBundle } from '../../../test-support/writerBundle';

// The feed writer thread runs from a bundle, as in the app: events received are stored there.
const { script, build, remove } = writerBundle('decision-wait');
beforeAll(build);
afterAll(remove);

const MIN = 60_000;
let fx: Awaited<ReturnType<typeof runFixture>>;
afterEach(() => fx.host.dispose());

/** A session that has run 20 minutes, with the writer thread; `t`: 10 minutes into it. */
async function running() {
  fx = await runFixture({ writerScript: script });
  await fx.host.call('run.start', { sessionId: fx.sessionId });
  await fx.advance(20 * MIN);
  return { host: fx.host, sessionId: fx.sessionId, t: (await fx.now()) - 10 * MIN };
}

describe('the debrief, the recommendation, signing and exports, with the feed writer thread', () => {
  it('count the errors received just before the call, stored or not yet', async () => {
    const { host, sessionId, t } = await running();
    let sent = 0;
    const errors = (n: number) => {
      host.feeds.ingest(
        'otlp',
        Array.from({ length: n }, () =>
          rawEvent(t + sent, `payment declined ${sent++}`, { level: 'error' }),
        ),
      );
    };
    errors(2);
    const { metrics } = await host.call('debrief.metrics', { sessionId });
    expect(metrics.errors.session).toBe(2);

    await host.call('run.end', { sessionId });
    errors(1);
    const draft = await host.call('exports.render', {
      sessionId,
      format: 'json',
      pseudonymise: false,
    });
    expect(JSON.parse(draft.content).metrics.errors.session).toBe(3);

    errors(5);
    const rec = await host.call('decision.recommend', { sessionId });
    // 8 errors in the session's 20 minutes (3 would be 0.15).
    expect(rec.checks.find((c) => c.id === 'error-rate')?.evidence[0]?.label).toMatch(
      /^0\.4 errors\/min in the session/,
    );

    errors(1);
    await host.call('decision.sign', {
      sessionId,
      amends: null,
      decision: {
        action: 'hold',
        toStage: null,
        rationale: 'Declines to look at',
        conditions: [],
        approverName: 'Dana',
        approverId: null,
      },
    });
    const signed = await host.call('exports.render', {
      sessionId,
      format: 'json',
      pseudonymise: false,
    });
    expect(JSON.parse(signed.content).metrics.errors.session).toBe(9);
  });

  it('wait for the writer without holding the thread that answers the API', async () => {
    const { host, sessionId, t } = await running();
    host.feeds.ingest('otlp', [rawEvent(t, 'payment declined', { level: 'error' })]);
    await host.call('debrief.metrics', { sessionId }); // the writer thread is running
    // Another process holds the write lock: the writer waits for it, and the call for the writer.
    const { exited } = await lockHeld(path.join(host.dataDir, 'ensemble.db'), 800);
    host.feeds.ingest('otlp', [rawEvent(t + 1, 'payment declined', { level: 'error' })]);
    let ticks = 0;
    const ticking = setInterval(() => ticks++, 20);
    try {
      const { metrics } = await host.call('debrief.metrics', { sessionId });
      expect(metrics.errors.session).toBe(2);
    } finally {
      clearInterval(ticking);
    }
    // A blocking flush() would have held the thread (no tick) for the lock's 800 ms.
    expect(ticks).toBeGreaterThanOrEqual(10);
    await exited;
  }, 30_000);
});
