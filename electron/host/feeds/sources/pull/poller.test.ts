import { describe, expect, it } from 'vitest';
import type { RawFeedEvent } from '../../../../../shared/domain/feeds';
import { rawEvent } from '../../../../../test-support/feedEvents';
import type { Fetcher, Pulled } from './http';
import { startPoller } from './poller';

const pulled = (key: string, time: number): Pulled => ({ ...rawEvent(time, key), key });
const noGaps = {
  current: () => undefined,
  open: () => 1,
  update: () => undefined,
  close: () => undefined,
  skipped: () => undefined,
};

describe('poller', () => {
  it('stores an event once when pages of one answer overlap, or when it was stored before a restart', async () => {
    const delivered: RawFeedEvent[] = [];
    let calls = 0;
    // Loki's next page starts at the last timestamp of the previous one: the boundary repeats.
    const fetcher: Fetcher = async () => {
      calls++;
      return { events: [pulled('a', 1), pulled('b', 2), pulled('b', 2), pulled('c', 3)] };
    };
    const runner = startPoller({
      name: 'Loki',
      fetcher,
      intervalMs: 20,
      now: () => 10,
      from: 0,
      saveCursor: () => undefined,
      deliver: (events) => delivered.push(...events),
      stored: async () => undefined,
      storedKeys: [{ key: 'a', time: 1 }],
      gaps: noGaps,
    });
    while (calls < 3) await new Promise((r) => setTimeout(r, 10));
    runner.stop();
    expect(delivered.map((e) => e.attributes['pull.id'])).toEqual(['b', 'c']);
  });

  it('at the end, reads up to the end even when a poll was under way as the session ended', async () => {
    const delivered: RawFeedEvent[] = [];
    const log: Pulled[] = [];
    let clock = 1_000;
    let answerFirst!: () => void;
    const firstAnswered = new Promise<void>((r) => (answerFirst = r));
    let calls = 0;
    const fetcher: Fetcher = async ({ to }) => {
      calls++;
      const window = log.filter((e) => e.time <= to);
      if (calls === 1) await firstAnswered; // slow: the session ends meanwhile
      return { events: window };
    };
    const runner = startPoller({
      name: 'Datadog',
      fetcher,
      intervalMs: 60_000,
      now: () => clock,
      from: 0,
      saveCursor: () => undefined,
      deliver: (events) => delivered.push(...events),
      stored: async () => undefined,
      gaps: noGaps,
    });
    while (calls < 1) await new Promise((r) => setTimeout(r, 5));
    // Logged after the poll under way began, just before the end.
    clock = 2_000;
    log.push(pulled('last words', 1_500));
    runner.finish!();
    answerFirst();
    while (runner.state().status !== 'off') await new Promise((r) => setTimeout(r, 5));
    expect(delivered.map((e) => e.attributes['pull.id'])).toEqual(['last words']);
    expect(calls).toBe(2);
  });

  it('at the end, tries the last poll again when it fails (a busy API or store), then stops', async () => {
    const delivered: RawFeedEvent[] = [];
    let calls = 0;
    let failLast = 2;
    let finishing = false;
    const fetcher: Fetcher = async () => {
      calls++;
      if (finishing && failLast-- > 0) throw new Error('HTTP 503 Service Unavailable');
      return { events: finishing ? [pulled('last words', 1_500)] : [] };
    };
    const runner = startPoller({
      name: 'Datadog',
      fetcher,
      intervalMs: 50,
      now: () => 2_000,
      from: 0,
      saveCursor: () => undefined,
      deliver: (events) => delivered.push(...events),
      stored: async () => undefined,
      gaps: noGaps,
    });
    while (calls < 1) await new Promise((r) => setTimeout(r, 5));
    finishing = true;
    runner.finish!();
    while (runner.state().status !== 'off') await new Promise((r) => setTimeout(r, 5));
    expect(delivered.map((e) => e.attributes['pull.id'])).toEqual(['last words']);

    // One that keeps failing gives up after a few tries and leaves its window a gap.
    const opened: number[] = [];
    let tries = 0;
    const failing = startPoller({
      name: 'Datadog',
      fetcher: async () => {
        tries++;
        if (tries > 1) throw new Error('HTTP 503 Service Unavailable');
        return { events: [] };
      },
      intervalMs: 20,
      now: () => 2_000,
      from: 0,
      saveCursor: () => undefined,
      deliver: () => undefined,
      stored: async () => undefined,
      gaps: { ...noGaps, open: (from) => opened.push(from) },
    });
    while (tries < 1) await new Promise((r) => setTimeout(r, 5));
    failing.finish!();
    while (failing.state().status !== 'off') await new Promise((r) => setTimeout(r, 5));
    expect(tries).toBeGreaterThan(2);
    expect(opened.length).toBeGreaterThan(0);
  });

  it('moves its cursor only once what it delivered is stored', async () => {
    const cursors: number[] = [];
    let release!: () => void;
    const storedOnce = new Promise<void>((r) => (release = r));
    const runner = startPoller({
      name: 'Datadog',
      fetcher: async () => ({ events: [pulled('x', 5)] }),
      intervalMs: 10_000,
      now: () => 100_000,
      from: 0,
      saveCursor: (c) => cursors.push(c),
      deliver: () => undefined,
      stored: () => storedOnce,
      gaps: noGaps,
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(cursors).toEqual([]); // a crash now would fetch the window again
    release();
    await new Promise((r) => setTimeout(r, 20));
    expect(cursors).toEqual([70_000]); // now, less the overlap
    runner.stop();
  });
});
