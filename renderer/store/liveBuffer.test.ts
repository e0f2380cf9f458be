import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FeedEvent } from '../../shared/domain/feeds';
import { createLiveBuffer, type LiveApply } from './liveBuffer';

const event = (id: number) => ({ id, body: `line ${id}` }) as unknown as FeedEvent;
const ids = (events: FeedEvent[]) => events.map((e) => e.id);

describe('live feed batches gathered before the store takes them', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('hands on every batch of a quarter second at once, in arrival order, per tenant', () => {
    const calls: Parameters<LiveApply>[] = [];
    const live = createLiveBuffer((...args) => calls.push(args), 100);
    live.push('internal', [event(1), event(2)], 0);
    live.push('other', [event(3)], 1);
    live.push('internal', [event(4)], 2);
    vi.advanceTimersByTime(249);
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(calls.map(([tenant, events, thinned]) => [tenant, ids(events), thinned])).toEqual([
      ['internal', [1, 2, 4], 2],
      ['other', [3], 1],
    ]);
    live.push('internal', [event(5)], 0);
    vi.advanceTimersByTime(250);
    expect(ids(calls[2]![1])).toEqual([5]);
  });

  it('hands on at once, nothing left out, once the cap is reached', () => {
    const calls: Parameters<LiveApply>[] = [];
    const live = createLiveBuffer((...args) => calls.push(args), 4);
    live.push('internal', [event(1), event(2)], 4);
    expect(calls).toEqual([]);
    live.push('internal', [event(3), event(4), event(5)], 0);
    expect(calls.map(([, events, thinned]) => [ids(events), thinned])).toEqual([
      [[1, 2, 3, 4, 5], 4],
    ]);
    vi.advanceTimersByTime(1000);
    expect(calls).toHaveLength(1);
    live.push('internal', [event(6)], 0);
    vi.advanceTimersByTime(250);
    expect(ids(calls[1]![1])).toEqual([6]);
  });
});
