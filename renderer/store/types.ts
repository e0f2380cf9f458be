import type { StateCreator } from 'zustand';
import type { ApiClient, ConnectionState } from '../api/client';
import type { SessionsSlice } from './sessionsSlice';
import type { OpenSessionSlice } from './openSessionSlice';
import type { PrepareSlice } from './prepareSlice';
import type { UiSlice } from './uiSlice';
import type { RunSlice } from './runSlice';
import type { FeedsSlice } from './feedsSlice';
import type { DebriefSlice } from './debriefSlice';
import type { PreflightSlice } from './preflightSlice';
import type { IdentitySlice } from './identitySlice';
import type { LinksSlice } from './linksSlice';
import type { PresenceSlice } from './presenceSlice';

export type AppState = SessionsSlice &
  OpenSessionSlice &
  PrepareSlice &
  UiSlice &
  RunSlice &
  FeedsSlice &
  DebriefSlice &
  PreflightSlice &
  IdentitySlice &
  LinksSlice &
  PresenceSlice;
export type SliceCreator<T> = (client: ApiClient) => StateCreator<AppState, [], [], T>;
export type { ConnectionState };

/** A slice's data without its actions: what opening another session starts again from. */
export type DataOf<T> = {
  [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]: T[K];
};

/** The outcome of an action a form waits on: field messages go next to their fields. */
export type ActionResult =
  { ok: true } | { ok: false; message: string; fields: Record<string, string> };
