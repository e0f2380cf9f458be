import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient } from '../api/client';
import { createPrepareSlice } from './prepareSlice';
import { createSessionsSlice } from './sessionsSlice';
import type { AppState } from './types';
import { createUiSlice } from './uiSlice';

/** One bound store made of slices; the API client is passed in so tests can use a real host. */
export function createAppStore(client: ApiClient): StoreApi<AppState> {
  const store = createStore<AppState>()((...a) => ({
    ...createUiSlice(client)(...a),
    ...createSessionsSlice(client)(...a),
    ...createPrepareSlice(client)(...a),
  }));
  // Host events keep every open window and browser in step with each other.
  client.subscribe((event) => {
    const state = store.getState();
    if (event.event === 'resync') {
      void state.loadSessions();
      void state.refreshSession();
      return;
    }
    if (event.event === 'sessions.changed') {
      if (state.sessionsLoaded) void state.loadSessions();
      if (state.detail?.session.id === event.payload.sessionId) {
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
