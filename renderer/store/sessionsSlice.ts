import type { SessionStatus, SessionSummary } from '../../shared/domain/session';
import { toFailure } from './result';
import type { ActionResult, SliceCreator } from './types';

export type SessionFilter = {
  query: string;
  status: SessionStatus | 'any';
  includeArchived: boolean;
};

export type SessionsSlice = {
  sessions: SessionSummary[];
  sessionsLoaded: boolean;
  filter: SessionFilter;
  loadSessions(): Promise<void>;
  setFilter(patch: Partial<SessionFilter>): Promise<void>;
  createSession(title: string): Promise<ActionResult & { id?: string }>;
  duplicateSession(id: string): Promise<string | null>;
  createDemoSession(): Promise<string | null>;
  archiveSession(id: string, archived: boolean): Promise<void>;
  deleteSession(id: string): Promise<boolean>;
};

export const createSessionsSlice: SliceCreator<SessionsSlice> = (client) => (set, get) => {
  let request = 0;
  return {
    sessions: [],
    sessionsLoaded: false,
    filter: { query: '', status: 'any', includeArchived: false },

    async loadSessions() {
      const mine = ++request;
      try {
        const sessions = await client.call('sessions.list', get().filter);
        if (mine === request) set({ sessions, sessionsLoaded: true }); // a newer search wins
      } catch (error) {
        get().toast('error', toFailure(error).message);
      }
    },

    async setFilter(patch) {
      set({ filter: { ...get().filter, ...patch } });
      await get().loadSessions();
    },

    async createSession(title) {
      try {
        const detail = await client.call('sessions.create', { title });
        await get().loadSessions();
        return { ok: true, id: detail.session.id };
      } catch (error) {
        return toFailure(error);
      }
    },

    async duplicateSession(id) {
      try {
        const detail = await client.call('sessions.duplicate', { id });
        await get().loadSessions();
        get().toast('info', `Created “${detail.session.title}” from the template`);
        return detail.session.id;
      } catch (error) {
        get().toast('error', toFailure(error).message);
        return null;
      }
    },

    async createDemoSession() {
      try {
        const detail = await client.call('sessions.createDemo', {});
        await get().loadSessions();
        return detail.session.id;
      } catch (error) {
        get().toast('error', toFailure(error).message);
        return null;
      }
    },

    async archiveSession(id, archived) {
      try {
        await client.call('sessions.archive', { id, archived });
        await get().loadSessions();
      } catch (error) {
        get().toast('error', toFailure(error).message);
      }
    },

    async deleteSession(id) {
      try {
        await client.call('sessions.delete', { id });
        set({ sessions: get().sessions.filter((s) => s.id !== id) });
        return true;
      } catch (error) {
        get().toast('error', toFailure(error).message);
        return false;
      }
    },
  };
};

export const selectSessions = (s: SessionsSlice) => s.sessions;
export const selectFilter = (s: SessionsSlice) => s.filter;
