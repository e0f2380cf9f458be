import { coalesce } from './coalesce';
import type { StateCreator } from 'zustand';
import type { ErrorGroup, ResultOf } from '../../shared/api/contract';
import type {
  FeedEvent,
  FeedSettings,
  Level,
  FeedSource,
  SourceInput,
  Tenancy,
} from '../../shared/domain/feeds';
import type { Evidence } from '../../shared/domain/notes';
import type { ApiClient } from '../api/client';
import { createActions, settled } from './action';
import type { ActionResult, AppState, DataOf } from './types';

/** `window`: the last N minutes, 'session' (since it started), or 'all' (with the baseline before it). */
export type FeedWindow = 'all' | 'session' | 5 | 15 | 60;
export type FeedFilter = {
  levels: Level[];
  sources: string[];
  services: string[];
  window: FeedWindow;
  text: string;
  groupKey: string | null;
};
export const NO_FEED_FILTER: FeedFilter = {
  levels: [],
  sources: [],
  services: [],
  window: 'all',
  text: '',
  groupKey: null,
};

/**
 * Events kept in memory at most, following or not: older (and, while scrolled up, newer) events
 * are paged in again from the host when scrolled to. A pane left scrolled up for an hour at
 * 500 events/s must not hold 1.8 million events.
 */
export const FEED_WINDOW = 5000;
const PAGE = 300;

/** The open session's feed: its tenant's events, as filtered here, and what is pinned. */
export type FeedsSlice = {
  /** Live events are kept only once the feed has been loaded (the Run view shows it). */
  feedLoaded: boolean;
  feedEvents: FeedEvent[];
  feedHasOlder: boolean;
  /** Newer events than the last one shown exist on the host (left out while scrolled up). */
  feedHasNewer: boolean;
  feedFilter: FeedFilter;
  /** Events that arrived while the user was scrolled up. */
  feedNew: number;
  feedFollowing: boolean;
  feedThinned: number;
  selectedEventId: number | null;
  groups: ErrorGroup[];
  rate: ResultOf<'feeds.rate'> | null;
  feedStatus: ResultOf<'feeds.status'> | null;
  /** Pinned to the next note written here. */
  pendingEvidence: Evidence[];
  loadFeed(sessionId: string): Promise<void>;
  loadOlder(): Promise<void>;
  /** The page after the last event shown, when newer ones were left out while scrolled up. */
  loadNewer(): Promise<void>;
  setFeedFilter(patch: Partial<FeedFilter>): Promise<void>;
  setFollowing(following: boolean): void;
  receiveLive(tenant: string, events: FeedEvent[], thinned: number): void;
  refreshFeedSummaries(): Promise<void>;
  selectEvent(id: number | null): void;
  pinEvidence(e: Evidence): void;
  unpinEvidence(e: Evidence): void;
  clearEvidence(): void;
  loadFeedSetup(
    sessionId: string,
  ): Promise<{ settings: FeedSettings; sources: FeedSource[]; ingestUrl: string | null } | null>;
  saveFeedSettings(sessionId: string, settings: FeedSettings): Promise<FeedSettings | null>;
  addSource(sessionId: string, source: SourceInput): Promise<ActionResult>;
  removeSource(id: string): Promise<void>;
  /** The session's sources now (counts and status change while they run); null on failure. */
  listSources(sessionId: string): Promise<FeedSource[] | null>;
  setSourceTenancy(id: string, tenancy: Tenancy): Promise<FeedSource | null>;
};

const matches = (e: FeedEvent, f: FeedFilter) =>
  (f.levels.length === 0 || f.levels.includes(e.level)) &&
  (f.sources.length === 0 || f.sources.includes(e.source)) &&
  (f.services.length === 0 || f.services.includes(e.service)) &&
  (!f.groupKey || e.groupKey === f.groupKey) &&
  (!f.text ||
    f.text
      .toLowerCase()
      .split(/\s+/)
      .filter(Boolean)
      .every((t) => e.message.toLowerCase().includes(t)));

export const sameEvidence = (a: Evidence, b: Evidence) =>
  a.kind === b.kind &&
  (a.kind === 'event'
    ? a.eventId === (b as typeof a).eventId
    : a.groupKey === (b as typeof a).groupKey);

/** The feed of a session just opened: nothing loaded, no filter, nothing pinned. */
export const FRESH_FEED: DataOf<FeedsSlice> = {
  feedLoaded: false,
  feedEvents: [],
  feedHasOlder: false,
  feedHasNewer: false,
  feedFilter: NO_FEED_FILTER,
  feedNew: 0,
  feedFollowing: true,
  feedThinned: 0,
  selectedEventId: null,
  groups: [],
  rate: null,
  feedStatus: null,
  pendingEvidence: [],
};

export const createFeedsSlice =
  (client: ApiClient): StateCreator<AppState, [], [], FeedsSlice> =>
  (set, get) => {
    const { act, actOnSession } = createActions(get);
    let request = 0;
    /** Live batches seen so far: a load that saw one arrive may have missed it. */
    let liveBatches = 0;
    const windowStart = (w: FeedWindow): { from?: number } => {
      if (w === 'all') return {};
      if (w === 'session') return get().run?.startedAt ? { from: get().run!.startedAt! } : {};
      return { from: get().hostNow() - w * 60_000 };
    };
    const query = (sessionId: string, extra: { beforeId?: number; afterId?: number }) => {
      const f = get().feedFilter;
      return client.call('feeds.query', {
        sessionId,
        limit: PAGE,
        ...(f.levels.length ? { levels: f.levels } : {}),
        ...(f.sources.length ? { sources: f.sources } : {}),
        ...(f.text.trim() ? { text: f.text.trim() } : {}),
        ...(f.groupKey ? { groupKey: f.groupKey } : {}),
        ...(f.services.length ? { services: f.services } : {}),
        ...windowStart(f.window),
        ...extra,
      });
    };
    const catchUp = (latest: () => boolean) => {
      const last = get().feedEvents.at(-1)?.id ?? 0;
      return actOnSession((id) => query(id, { afterId: last }), {
        apply: (page) => {
          if (!latest()) return;
          const newest = get().feedEvents.at(-1)?.id ?? 0;
          const fresh = page.events.filter((e) => e.id > newest);
          if (fresh.length > 0) set({ feedEvents: [...get().feedEvents, ...fresh] });
        },
      });
    };
    return {
      ...FRESH_FEED,

      async loadFeed(sessionId) {
        get().openSession(sessionId);
        const mine = ++request;
        const latest = () => mine === request; // the answer to the newest filter wins
        const seen = liveBatches;
        const done = await actOnSession((id) => query(id, {}), {
          apply: (page) => {
            if (!latest()) return;
            set({
              feedLoaded: true,
              feedEvents: [...page.events].reverse(),
              feedHasOlder: page.hasMore,
              feedHasNewer: false,
              feedNew: 0,
              feedFollowing: true,
            });
          },
        });
        if (!done.ok || !latest()) return;
        // Events stored after the query ran but announced before its answer came were neither
        // in the page nor kept live: fetch what is newer than the page, once.
        if (liveBatches !== seen) await catchUp(latest);
        await get().refreshFeedSummaries();
      },

      async loadOlder() {
        const oldest = get().feedEvents[0];
        if (!oldest || !get().feedHasOlder) return;
        await actOnSession((id) => query(id, { beforeId: oldest.id }), {
          apply: (page) => {
            if (get().feedEvents[0]?.id !== oldest.id) return;
            const next = [...[...page.events].reverse(), ...get().feedEvents];
            // Reading back in time: the newest end of the window goes, and comes back on demand.
            const trimmed = next.length > FEED_WINDOW;
            set({
              feedEvents: trimmed ? next.slice(0, FEED_WINDOW) : next,
              feedHasOlder: page.hasMore,
              ...(trimmed ? { feedHasNewer: true, feedFollowing: false } : {}),
            });
          },
        });
      },

      async loadNewer() {
        const newest = get().feedEvents.at(-1);
        if (!newest || !get().feedHasNewer) return;
        const mine = request;
        const seen = liveBatches;
        const done = await actOnSession((id) => query(id, { afterId: newest.id }), {
          apply: (page) => {
            if (mine !== request || get().feedEvents.at(-1)?.id !== newest.id) return;
            const next = [...get().feedEvents, ...page.events];
            const trimmed = next.length > FEED_WINDOW;
            set({
              feedEvents: trimmed ? next.slice(-FEED_WINDOW) : next,
              feedHasNewer: page.hasMore,
              ...(trimmed ? { feedHasOlder: true } : {}),
            });
          },
        });
        // Caught up: live events announced while the page was on its way were left out.
        if (done.ok && !get().feedHasNewer && liveBatches !== seen)
          await catchUp(() => mine === request);
      },

      async setFeedFilter(patch) {
        set({ feedFilter: { ...get().feedFilter, ...patch } });
        const id = get().openSessionId;
        if (id) await get().loadFeed(id);
      },

      setFollowing(following) {
        const reload = following && get().feedHasNewer && get().openSessionId;
        set({ feedFollowing: following, ...(following ? { feedNew: 0 } : {}) });
        // Back to live over a gap: the newest page again, not what was left out in between.
        if (reload) void get().loadFeed(reload);
      },

      receiveLive(tenant, events, thinned) {
        liveBatches++;
        // The details are always the open session's: its tenant's events are the ones shown.
        if (!get().feedLoaded || get().detail?.session.tenantId !== tenant) return;
        const { feedEvents, feedFollowing: following, feedHasNewer: hasNewer } = get();
        const last = feedEvents.at(-1)?.id ?? 0;
        const fresh = events.filter((e) => e.id > last && matches(e, get().feedFilter));
        if (fresh.length === 0 && thinned === 0) return;
        const counts = {
          feedThinned: get().feedThinned + thinned,
          feedNew: following ? 0 : get().feedNew + fresh.length,
        };
        // Scrolled up: the rows being read stay put; past the window, newer events are only
        // counted, and paged in (or reloaded by "back to live") from the host.
        if (!following && (hasNewer || feedEvents.length + fresh.length > FEED_WINDOW)) {
          // Never append across a gap: only up to the window, and only while nothing is missing.
          const room = hasNewer ? 0 : FEED_WINDOW - feedEvents.length;
          set({
            ...counts,
            feedHasNewer: true,
            ...(room > 0 ? { feedEvents: [...feedEvents, ...fresh.slice(0, room)] } : {}),
          });
          return;
        }
        const next = [...feedEvents, ...fresh];
        const trimmed = next.length > FEED_WINDOW;
        set({
          ...counts,
          feedEvents: trimmed ? next.slice(-FEED_WINDOW) : next,
          ...(trimmed ? { feedHasOlder: true } : {}),
        });
      },

      // Answers can come back out of order: an older one must never overwrite a newer one (a
      // warning that appeared would vanish until the next periodic refresh).
      refreshFeedSummaries: coalesce(async () => {
        await actOnSession(
          (sessionId) =>
            Promise.all([
              client.call('feeds.groups', { sessionId }),
              client.call('feeds.rate', { sessionId }),
              client.call('feeds.status', { sessionId }),
            ]),
          {
            report: 'quiet', // summaries refresh again with the next events
            apply: ([groups, rate, feedStatus]) => set({ groups, rate, feedStatus }),
          },
        );
      }),

      selectEvent(id) {
        set({ selectedEventId: id });
      },
      pinEvidence(e) {
        if (!get().pendingEvidence.some((p) => sameEvidence(p, e)))
          set({ pendingEvidence: [...get().pendingEvidence, e] });
      },
      unpinEvidence(e) {
        set({ pendingEvidence: get().pendingEvidence.filter((p) => !sameEvidence(p, e)) });
      },
      clearEvidence() {
        set({ pendingEvidence: [] });
      },
      async loadFeedSetup(sessionId) {
        const done = await act(() =>
          Promise.all([
            client.call('feeds.getSettings', { sessionId }),
            client.call('sources.list', { sessionId }),
            client.call('app.info', {}),
          ]),
        );
        if (!done.ok) return null;
        const [settings, sources, info] = done.value;
        return { settings, sources, ingestUrl: info.ingestUrl };
      },
      async saveFeedSettings(sessionId, settings) {
        const done = await act(() => client.call('feeds.updateSettings', { sessionId, settings }));
        return done.ok ? done.value : null;
      },
      async addSource(sessionId, source) {
        return settled(
          await act(() => client.call('sources.add', { sessionId, source }), { report: 'quiet' }),
        );
      },
      async removeSource(id) {
        await act(() => client.call('sources.remove', { id }));
      },
      async listSources(sessionId) {
        const done = await act(() => client.call('sources.list', { sessionId }), {
          report: 'quiet',
        });
        return done.ok ? done.value : null;
      },
      async setSourceTenancy(id, tenancy) {
        const done = await act(() => client.call('sources.setTenancy', { id, tenancy }));
        return done.ok ? done.value : null;
      },
    };
  };

export { matches as feedEventMatches };
