import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient } from '../api/client';
import { OutboxDb } from '../outbox/db';
import { createOutbox } from '../outbox/outbox';
import { createOffThreadPut, startOpsWorker } from '../outbox/offThread';
import { createPrepareSlice } from './prepareSlice';
import { createPreflightSlice } from './preflightSlice';
import { createFeedsSlice, FEED_WINDOW } from './feedsSlice';
import { createLiveBuffer } from './liveBuffer';
import { createDebriefSlice } from './debriefSlice';
import { createOpenSessionSlice } from './openSessionSlice';
import { createRunSlice } from './runSlice';
import { createSessionsSlice } from './sessionsSlice';
import type { AppState } from './types';
import { createUiSlice } from './uiSlice';
import { resync } from './resync';
import { createIdentitySlice } from './identitySlice';
import { createLinksSlice } from './linksSlice';
import { createPresenceSlice } from './presenceSlice';

/** One bound store made of slices; the API client is passed in so tests can use a real host. */
export function createAppStore(
  client: ApiClient,
  outboxDb: OutboxDb = new OutboxDb(),
  /** The page holds a personal link (it learns who it is from the host). */
  options: { personal?: boolean } = {},
): StoreApi<AppState> {
  /** Whether the run of this session is loaded here (it is only ever the open session's). */
  const runShown = (sessionId: string) => {
    const { run, openSessionId } = store.getState();
    return run !== null && openSessionId === sessionId;
  };
  const outbox = createOutbox(
    outboxDb,
    client,
    (sessionId) => {
      if (runShown(sessionId)) void store.getState().refreshOutbox();
    },
    (sessionId, notes) => {
      if (runShown(sessionId)) store.getState().receiveNotes(notes);
    },
    undefined, // this device's localStorage
    createOffThreadPut(outboxDb, startOpsWorker),
  );

  const store = createStore<AppState>()((...a) => ({
    ...createUiSlice(client)(...a),
    ...createSessionsSlice(client)(...a),
    ...createOpenSessionSlice(client)(...a),
    ...createPrepareSlice(client)(...a),
    ...createRunSlice(client, outbox)(...a),
    ...createFeedsSlice(client)(...a),
    ...createDebriefSlice(client)(...a),
    ...createPreflightSlice(client)(...a),
    ...createIdentitySlice(options.personal ?? false)(client)(...a),
    ...createLinksSlice(client)(...a),
    ...createPresenceSlice(client)(...a),
  }));
  const live = createLiveBuffer(
    (tenant, events, thinned) => store.getState().receiveLive(tenant, events, thinned),
    FEED_WINDOW,
  );
  // Host events keep every open window and browser in step with each other; events about
  // sessions other than the open one change nothing here but the list.
  client.subscribe((event) => {
    const state = store.getState();
    if (event.event === 'resync') {
      void state.loadIdentity();
      state.resendFinishing(); // the host forgot it when this page's connection closed
      return resync(state, outbox.flushAll);
    }
    if (event.event === 'links.sharingChanged') {
      state.receiveSharing(event.payload);
      return;
    }
    if (event.event === 'links.changed') {
      if (state.openSessionId === event.payload.sessionId && state.links) void state.loadLinks();
      return;
    }
    if (event.event === 'run.changed' && state.openSessionId === event.payload.sessionId) {
      // Another screen started, paused or ended it: the session's status follows here too.
      if (state.detail && state.detail.session.status !== event.payload.snapshot.status)
        void state.refreshSession();
      if (!runShown(event.payload.sessionId)) return;
      state.applySnapshot(event.payload.snapshot);
      void state.loadTimeline();
      return;
    }
    if (event.event === 'app.backupsChanged') {
      if (state.backups !== null) void state.loadBackups(); // the list is open or was loaded
      return;
    }
    if (event.event === 'host.error') {
      state.toast('error', event.payload.message);
      return;
    }
    if (event.event === 'feeds.sourcesChanged') {
      if (state.openSessionId === event.payload.sessionId) void state.refreshFeedSummaries();
      return;
    }
    if (event.event === 'feeds.events') {
      live.push(event.payload.tenant, event.payload.events, event.payload.thinned);
      return;
    }
    if (event.event === 'presence.changed') {
      if (state.openSessionId === event.payload.sessionId)
        state.receivePresence(event.payload.presence);
      return;
    }
    if (event.event === 'notes.changed' && runShown(event.payload.sessionId)) {
      state.receiveNotes(event.payload.notes);
      return;
    }

    if (event.event === 'sessions.changed') {
      // Who facilitates or signs may have changed: a personal page asks what it may do now.
      if (state.identity?.kind === 'person') void state.loadIdentity();
      if (state.sessionsLoaded) void state.loadSessions();
      if (state.openSessionId !== event.payload.sessionId) return;
      if (state.debrief) void state.refreshDebrief();
      if (state.detail) {
        if (event.payload.change === 'deleted') {
          store.setState({ detail: null, detailState: 'not-found' });
        } else void state.refreshSession();
      }
    }
  });
  client.onConnection((connection) => store.getState().setConnection(connection));
  return store;
}

export const StoreContext = createContext<StoreApi<AppState> | null>(null);

export function useAppStore<T>(selector: (state: AppState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore outside StoreContext');
  return useStore(store, selector);
}

export type { AppState };
