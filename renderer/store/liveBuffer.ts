import type { FeedEvent } from '../../shared/domain/feeds';

export type LiveApply = (tenant: string, events: FeedEvent[], thinned: number) => void;

/** How long live batches gather before the page takes them: four redraws a second at most. */
export const LIVE_EVERY_MS = 250;

/**
 * The live feed's batches, gathered for a moment and handed to the store together, per tenant in
 * arrival order. At 2,000 events a second the host sends a batch at each commit of its writer;
 * taking each one at once redrew the feed pane many times a second and kept the page's main
 * thread from the key presses and the note's own writes. Nothing is left out: once `cap` events
 * wait (a page in the background, whose timers the browser slows), they are handed on at once.
 */
export function createLiveBuffer(apply: LiveApply, cap: number, everyMs = LIVE_EVERY_MS) {
  const pending = new Map<string, { events: FeedEvent[]; thinned: number }>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let waiting = 0;

  function flush() {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    waiting = 0;
    const batches = [...pending];
    pending.clear();
    for (const [tenant, { events, thinned }] of batches) apply(tenant, events, thinned);
  }

  return {
    push(tenant: string, events: FeedEvent[], thinned: number) {
      const batch = pending.get(tenant) ?? { events: [], thinned: 0 };
      for (const e of events) batch.events.push(e);
      batch.thinned += thinned;
      pending.set(tenant, batch);
      waiting += events.length;
      if (waiting >= cap) flush();
      else timer ??= setTimeout(flush, everyMs);
    },
    /** Hands on what is gathered now (the page is going away, or a test). */
    flush,
  };
}
