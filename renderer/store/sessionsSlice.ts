import type { BackupInfo } from '../../shared/api/app';
import type { SessionStatus, SessionSummary } from '../../shared/domain/session';
import { createActions, type Done } from './action';
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
  /** The data folder's backups (null until loaded) and whether a restore restarts at once. */
  backups: BackupInfo[] | null;
  backupsRestartable: boolean;
  loadBackups(): Promise<void>;
  /** Asks the host to restore a backup; true when it accepted (it restarts, or says to). */
  restoreBackup(name: string): Promise<boolean>;
};

export const createSessionsSlice: SliceCreator<SessionsSlice> = (client) => (set, get) => {
  const { act } = createActions(get);
  let request = 0;
  /** After a session was made: the list again, and the new session's id (null if it failed). */
  const listed = async (done: Done<{ session: { id: string } }>) => {
    if (!done.ok) return null;
    await get().loadSessions();
    return done.value.session.id;
  };
  return {
    sessions: [],
    sessionsLoaded: false,
    filter: { query: '', status: 'any', includeArchived: false },
    backups: null,
    backupsRestartable: false,

    async loadSessions() {
      // A personal link opens one session, never the list.
      if (get().identity?.kind !== 'host') return;
      const mine = ++request;
      await act(() => client.call('sessions.list', get().filter), {
        apply: (sessions) => {
          if (mine === request) set({ sessions, sessionsLoaded: true }); // a newer search wins
        },
      });
    },

    async setFilter(patch) {
      set({ filter: { ...get().filter, ...patch } });
      await get().loadSessions();
    },

    async createSession(title) {
      const done = await act(() => client.call('sessions.create', { title }), { report: 'quiet' });
      if (!done.ok) return done;
      await get().loadSessions();
      return { ok: true, id: done.value.session.id };
    },

    async duplicateSession(id) {
      const done = await act(() => client.call('sessions.duplicate', { id }));
      const copyId = await listed(done);
      if (done.ok) get().toast('info', `Created “${done.value.session.title}” from the template`);
      return copyId;
    },

    async createDemoSession() {
      return listed(await act(() => client.call('sessions.createDemo', {})));
    },

    async archiveSession(id, archived) {
      const done = await act(() => client.call('sessions.archive', { id, archived }));
      if (done.ok) await get().loadSessions();
    },

    async deleteSession(id) {
      const done = await act(() => client.call('sessions.delete', { id }), {
        apply: () => set({ sessions: get().sessions.filter((s) => s.id !== id) }),
      });
      return done.ok;
    },

    async loadBackups() {
      await act(() => client.call('app.backups', {}), {
        apply: ({ backups, restartable }) => set({ backups, backupsRestartable: restartable }),
      });
    },

    async restoreBackup(name) {
      const done = await act(() => client.call('app.restoreBackup', { name }));
      if (done.ok)
        get().toast(
          'info',
          done.value.restart === 'now'
            ? `Restoring ${name}: Ensemble restarts and this page reconnects by itself`
            : `${name} will be restored the next time Ensemble starts: quit it and start it again`,
        );
      return done.ok;
    },
  };
};

export const selectSessions = (s: SessionsSlice) => s.sessions;
export const selectFilter = (s: SessionsSlice) => s.filter;
