import { coalesce } from './coalesce';
import type { SessionDetail } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { createActions } from './action';
import { FRESH_DEBRIEF } from './debriefSlice';
import { FRESH_FEED } from './feedsSlice';
import { freshRun } from './runSlice';
import { FRESH_PRESENCE } from './presenceSlice';
import { FRESH_LINKS } from './linksSlice';
import type { SliceCreator } from './types';

/**
 * The one session this window shows. The run, feeds and debrief slices hold that session's
 * state only: opening another starts them all again, so nothing of the previous one shows.
 */
export type OpenSessionSlice = {
  openSessionId: string | null;
  detail: SessionDetail | null;
  detailState: 'idle' | 'loading' | 'ready' | 'not-found';
  /** Make `id` the open session; a different one clears everything the previous one left. */
  openSession(id: string): void;
  /** Open the session and load its details. */
  loadSession(id: string): Promise<void>;
  refreshSession(): Promise<void>;
};

export const createOpenSessionSlice: SliceCreator<OpenSessionSlice> = (client) => (set, get) => {
  const { actOnSession } = createActions(get);
  return {
    openSessionId: null,
    detail: null,
    detailState: 'idle',

    openSession(id) {
      if (get().openSessionId === id) return;
      set({
        openSessionId: id,
        detail: null,
        detailState: 'loading',
        votingAs: null,
        ...freshRun(id),
        ...FRESH_FEED,
        ...FRESH_DEBRIEF,
        ...FRESH_LINKS,
        ...FRESH_PRESENCE,
      });
    },

    async loadSession(id) {
      get().openSession(id);
      await actOnSession((sessionId) => client.call('sessions.get', { id: sessionId }), {
        apply: (detail) => set({ detail, detailState: 'ready' }),
        // An unknown or deleted session gets a page of its own, not an error toast.
        failed: (error) => {
          if (!(error instanceof ApiError && error.code === 'not_found')) return;
          set({ detail: null, detailState: 'not-found' });
          return true;
        },
      });
    },

    // One at a time (see coalesce): a late answer never brings back an older plan.
    refreshSession: coalesce(async () => {
      const id = get().openSessionId;
      if (id) await get().loadSession(id);
    }),
  };
};

export const selectDetail = (s: OpenSessionSlice) => s.detail;
export const selectSession = (s: OpenSessionSlice) => s.detail?.session ?? null;
export const selectParticipants = (s: OpenSessionSlice) => s.detail?.participants ?? EMPTY;
export const selectGoals = (s: OpenSessionSlice) => s.detail?.goals ?? EMPTY;
export const selectRoles = (s: OpenSessionSlice) => s.detail?.roles ?? EMPTY;
const EMPTY: never[] = [];
