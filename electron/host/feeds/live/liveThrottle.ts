import type { FeedEvent } from '../../../../shared/domain/feeds';

export type LiveBatch = { tenant: string; events: FeedEvent[]; thinned: number };

/** At most one live batch a tenant this often: the page's own live buffer gathers as long. */
export const LIVE_EVERY_MS = 250;

/**
 * The live view's batches, at most one per tenant every `everyMs`, each with the newest `limit`
 * events and a count of those left out. The feed writer commits whenever a sender waits for its
 * events (each OTLP request is answered after its commit), so at 2,000 events a second it
 * committed 15 times a second: a batch each time meant 15 JSON messages of 80 KB a second, made
 * and sent on the thread that answers the API, and parsed again on the page's main thread.
 *
 * The first batch after a quiet moment goes at once; the ones that follow within everyMs wait for
 * the next send and go together. Storage keeps every event: this is only what is shown live.
 */
export function createLiveThrottle(
  send: (batch: LiveBatch) => void,
  limit: number,
  everyMs = LIVE_EVERY_MS,
  now: () => number = Date.now,
) {
  const pending = new Map<string, { events: FeedEvent[]; thinned: number }>();
  const lastSent = new Map<string, number>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let timerAt = Infinity;

  function sendTenant(tenant: string) {
    const batch = pending.get(tenant);
    if (!batch) return;
    pending.delete(tenant);
    lastSent.set(tenant, now());
    send({ tenant, events: batch.events, thinned: batch.thinned });
  }

  function sendDue() {
    timer = null;
    const at = now();
    let next = Infinity;
    for (const tenant of [...pending.keys()]) {
      const due = (lastSent.get(tenant) ?? -Infinity) + everyMs;
      if (due <= at) sendTenant(tenant);
      else next = Math.min(next, due);
    }
    if (next < Infinity) schedule(next - at);
  }

  /** One timer, for the tenant due first: a later one never holds up an earlier one. */
  function schedule(ms: number) {
    const at = now() + Math.max(0, ms);
    if (timer) {
      if (timerAt <= at) return;
      clearTimeout(timer);
    }
    timerAt = at;
    timer = setTimeout(sendDue, Math.max(0, ms));
    timer.unref?.();
  }

  return {
    /** Events just stored for one tenant (already its newest `limit` at most), and how many not. */
    add(tenant: string, events: readonly FeedEvent[], thinned: number) {
      const batch = pending.get(tenant) ?? { events: [], thinned: 0 };
      batch.events.push(...events);
      batch.thinned += thinned;
      // Only the newest `limit` stay: what is older counts as left out.
      const over = batch.events.length - limit;
      if (over > 0) {
        batch.events.splice(0, over);
        batch.thinned += over;
      }
      pending.set(tenant, batch);
      const due = (lastSent.get(tenant) ?? -Infinity) + everyMs;
      if (due <= now()) sendTenant(tenant);
      else schedule(due - now());
    },
    /** Sends what waits, now (tests). */
    flush() {
      if (timer) clearTimeout(timer);
      timer = null;
      for (const tenant of [...pending.keys()]) sendTenant(tenant);
    },
    /** Sends nothing more (the host is closing: its pages are going too). */
    stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      pending.clear();
    },
  };
}
