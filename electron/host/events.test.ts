import { afterEach, describe, expect, it } from 'vitest';
import { parseHostEvent, type HostEvent } from '../../shared/api/events';
import { rawEvent } from '../../test-support/feedEvents';
import { runFixture } from '../../test-support/runFixture';

let fx: Awaited<ReturnType<typeof runFixture>>;
afterEach(() => fx.host.dispose());

describe('host events on the wire', () => {
  it('every event the host emits passes its schema whole, as the transports check it', async () => {
    fx = await runFixture();
    const { host, sessionId, people, noteOp } = fx;
    const seen: HostEvent[] = [];
    host.subscribe((e) => seen.push(e));

    await host.call('sessions.update', { id: sessionId, patch: { charter: 'Pay by card' } });
    await host.call('run.start', { sessionId });
    await host.call('run.rotate', { sessionId });
    await host.call('notes.apply', {
      sessionId,
      ops: [noteOp(people.Ana!, 'bug: the total is wrong', await fx.now(), { type: 'bug' })],
    });
    host.feeds.ingest('otlp', [
      rawEvent(await fx.now(), 'TypeError: total is undefined', {
        level: 'error',
        service: 'shop-api',
        error: { type: 'TypeError', value: 'total is undefined', stack: 'at total (cart.js:1)' },
      }),
    ]);
    host.feeds.flush();
    await host.call('run.pause', { sessionId });

    const kinds = new Set(seen.map((e) => e.event));
    expect([...kinds].sort()).toEqual([
      'feeds.events',
      'notes.changed',
      'run.changed',
      'sessions.changed',
    ]);
    for (const event of seen) {
      const wire = JSON.parse(JSON.stringify(event)) as unknown;
      // Whole: a field the schema does not know would be stripped, and the page would lose it.
      expect(parseHostEvent(wire), event.event).toEqual(wire);
    }
  });
});
