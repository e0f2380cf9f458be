import type { AppState } from './types';

/**
 * The connection came back (or opened after a call had failed): load again whatever the page
 * shows, whether it had loaded before or failed to (a page that never loaded must not stay on
 * "Loading…"), including the feed events stored meanwhile, which were never announced.
 */
export function resync(state: AppState, flushOutbox: () => Promise<void>): void {
  void state.loadSessions();
  void flushOutbox(); // kept notes of every session, not only the open one
  const { route } = state;
  if (route.name === 'sessions') return;
  const id = route.id;
  void state.loadSession(id);
  const phase = route.name === 'mini' ? 'run' : route.phase;
  if (phase === 'run') {
    void state.loadRun(id); // also sends the open session's kept notes
    if (route.name === 'session') void state.loadFeed(id);
  }
  if (phase === 'debrief' || phase === 'decide') void state.loadDebrief(id);
}
