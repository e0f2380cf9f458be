import type { ConnectionState, SliceCreator } from './types';

export const PHASES = ['prepare', 'run', 'debrief', 'decide'] as const;
export type Phase = (typeof PHASES)[number];
export type Route =
  | { name: 'sessions' }
  | { name: 'session'; id: string; phase: Phase }
  | { name: 'mini'; id: string };

export type ToastAction = { label: string; run(): void };
/**
 * A message at the bottom corner. `timeoutMs`: how long it shows (the timer pauses while the
 * pointer or focus is on it); null for errors, which stay until dismissed.
 */
export type Toast = {
  id: number;
  kind: 'error' | 'info';
  text: string;
  action?: ToastAction;
  timeoutMs: number | null;
};
export const INFO_TOAST_MS = 6000;

export type UiSlice = {
  route: Route;
  connection: ConnectionState;
  toasts: Toast[];
  /** Which participant is placing dots in the goal list (per device). */
  votingAs: string | null;
  navigate(route: Route): void;
  setRouteFromHash(hash: string): void;
  setConnection(state: ConnectionState): void;
  /** Shows a toast and returns its id. */
  toast(
    kind: Toast['kind'],
    text: string,
    options?: { action?: ToastAction; timeoutMs?: number },
  ): number;
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
  toast(kind, text, options) {
    const id = nextToastId++;
    const timeoutMs = kind === 'error' ? null : (options?.timeoutMs ?? INFO_TOAST_MS);
    const toast: Toast = {
      id,
      kind,
      text,
      timeoutMs,
      ...(options?.action && { action: options.action }),
    };
    set({ toasts: [...get().toasts.slice(-3), toast] });
    return id;
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
