import type { AppState } from './types';

/**
 * The connection came back (or opened after a call had failed): load again whatever the page
 * shows, whether it had loaded before or failed to (a page that never loaded must not stay on
 * "Loading…"), including the feed events stored meanwhile, which were never announced.
 */
export function resync(state: AppState, flushOutbox: () => Promise<void>): void {
  void state.loadSessions();
  void flushOutbox(); // kept notes of every session, not only the open one
  if (state.sharing) void state.loadSharing();
  const { route, openSessionId } = state;
  const id = route.name === 'sessions' ? openSessionId : route.id;
  if (!id) return;
  void state.loadSession(id);
  const phase = route.name === 'mini' ? 'run' : route.name === 'session' ? route.phase : null;
  const loaded = openSessionId === id;
  if (phase === 'run' || (loaded && state.run)) void state.loadRun(id); // sends its kept notes
  if ((route.name === 'session' && phase === 'run') || (loaded && state.feedLoaded))
    void state.loadFeed(id);
  if (phase === 'debrief' || phase === 'decide' || (loaded && state.debrief))
    void state.loadDebrief(id);
}
