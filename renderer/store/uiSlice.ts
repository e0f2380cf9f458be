import type { ConnectionState, SliceCreator } from './types';

export const PHASES = ['prepare', 'run', 'debrief', 'decide'] as const;
export type Phase = (typeof PHASES)[number];
export type Route =
  | { name: 'sessions' }
  | { name: 'session'; id: string; phase: Phase }
  | { name: 'mini'; id: string };

export type Toast = { id: number; kind: 'error' | 'info'; text: string };

export type UiSlice = {
  route: Route;
  connection: ConnectionState;
  toasts: Toast[];
  /** Which participant is placing dots in the goal list (per device). */
  votingAs: string | null;
  navigate(route: Route): void;
  setRouteFromHash(hash: string): void;
  setConnection(state: ConnectionState): void;
  toast(kind: Toast['kind'], text: string): void;
  dismissToast(id: number): void;
  setVotingAs(participantId: string | null): void;
};

export function parseHash(hash: string): Route {
  const mini = /^#\/mini\/([0-9A-HJKMNP-TV-Z]{26})$/.exec(hash);
  if (mini) return { name: 'mini', id: mini[1]! };
  const m = /^#\/sessions\/([0-9A-HJKMNP-TV-Z]{26})(?:\/(prepare|run|debrief|decide))?$/.exec(hash);
  if (m) return { name: 'session', id: m[1]!, phase: (m[2] as Phase | undefined) ?? 'prepare' };
  return { name: 'sessions' };
}

export const routeToHash = (route: Route): string =>
  route.name === 'sessions'
    ? '#/'
    : route.name === 'mini'
      ? `#/mini/${route.id}`
      : `#/sessions/${route.id}/${route.phase}`;

let nextToastId = 1;

export const createUiSlice: SliceCreator<UiSlice> = () => (set, get) => ({
  route: { name: 'sessions' },
  connection: 'connecting',
  toasts: [],
  votingAs: null,
  navigate(route) {
    set({ route });
    const hash = routeToHash(route);
    if (typeof window !== 'undefined' && window.location.hash !== hash) window.location.hash = hash;
  },
  setRouteFromHash(hash) {
    set({ route: parseHash(hash) });
  },
  setConnection(connection) {
    set({ connection });
  },
  toast(kind, text) {
    const id = nextToastId++;
    set({ toasts: [...get().toasts.slice(-3), { id, kind, text }] });
    if (kind === 'info') setTimeout(() => get().dismissToast(id), 4000);
  },
  dismissToast(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },
  setVotingAs(votingAs) {
    set({ votingAs });
  },
});

export const selectRoute = (s: UiSlice) => s.route;
export const selectConnection = (s: UiSlice) => s.connection;
export const selectToasts = (s: UiSlice) => s.toasts;
