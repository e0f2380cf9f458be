import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FeedEvent } from '../../../../shared/domain/feeds';
import { createLiveThrottle, type LiveBatch } from './liveThrottle';

const event = (id: number, tenant = 'internal') => ({ id, tenant }) as unknown as FeedEvent;
const ids = (b: LiveBatch) => b.events.map((e) => e.id);

describe('the live view, at most four batches a second a tenant', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  function throttle(limit = 5) {
    const sent: LiveBatch[] = [];
    const t = createLiveThrottle((b) => sent.push(b), limit, 250, Date.now);
    return { t, sent };
  }

  it('sends the first batch at once and gathers the next ones until a quarter second has passed', () => {
    const { t, sent } = throttle();
    t.add('internal', [event(1)], 0);
    expect(sent.map(ids)).toEqual([[1]]);
    vi.advanceTimersByTime(60);
    t.add('internal', [event(2)], 0);
    vi.advanceTimersByTime(60);
    t.add('internal', [event(3)], 2);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(129);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sent.slice(1)).toEqual([
      { tenant: 'internal', events: [event(2), event(3)], thinned: 2 },
    ]);
    // Quiet for a while: the next one goes at once again.
    vi.advanceTimersByTime(1000);
    t.add('internal', [event(4)], 0);
    expect(sent.map(ids).at(-1)).toEqual([4]);
  });

  it('keeps only the newest events while it gathers and counts the rest as left out', () => {
    const { t, sent } = throttle(3);
    t.add('internal', [event(1)], 0);
    t.add('internal', [event(2), event(3)], 10);
    t.add('internal', [event(4), event(5), event(6)], 1);
    vi.advanceTimersByTime(250);
    expect(sent[1]).toEqual({
      tenant: 'internal',
      events: [event(4), event(5), event(6)],
      thinned: 10 + 1 + 2,
    });
  });

  it('paces each tenant on its own', () => {
    const { t, sent } = throttle();
    t.add('internal', [event(1)], 0);
    t.add('acme', [event(2, 'acme')], 0);
    t.add('internal', [event(3)], 0);
    expect(sent.map((b) => [b.tenant, ids(b)])).toEqual([
      ['internal', [1]],
      ['acme', [2]],
    ]);
    vi.advanceTimersByTime(250);
    expect(sent.map((b) => [b.tenant, ids(b)]).at(-1)).toEqual(['internal', [3]]);
  });

  it('a tenant due sooner is not held up by another tenant’s later send', () => {
    const { t, sent } = throttle();
    t.add('internal', [event(1)], 0); // sent; internal next due at +250
    vi.advanceTimersByTime(200);
    t.add('acme', [event(2, 'acme')], 0); // sent; acme next due at +450
    t.add('acme', [event(3, 'acme')], 0); // waits for +450
    vi.advanceTimersByTime(10);
    t.add('internal', [event(4)], 0); // due at +250, sooner than acme's timer
    vi.advanceTimersByTime(40);
    expect(sent.map((b) => [b.tenant, ids(b)]).at(-1)).toEqual(['internal', [4]]);
    vi.advanceTimersByTime(200);
    expect(sent.map((b) => [b.tenant, ids(b)]).at(-1)).toEqual(['acme', [3]]);
  });

  it('flush() sends what waits at once; stop() sends nothing more', () => {
    const { t, sent } = throttle();
    t.add('internal', [event(1)], 0);
    t.add('internal', [event(2)], 0);
    t.flush();
    expect(sent.map(ids)).toEqual([[1], [2]]);
    vi.advanceTimersByTime(10);
    t.add('internal', [event(3)], 0);
    t.stop();
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(2);
  });
});
