/**
 * IPC channel names of the desktop app, free of schemas so that the sandboxed preload stays
 * small: one channel per API method, one for host events, one per desktop side channel.
 */
import type { MethodName } from './methods';

export const EVENT_CHANNEL = 'ensemble:event';
export const methodChannel = (method: MethodName) => `ensemble:call:${method}`;

/** OS integrations of the desktop app; their arguments and results are in desktop.ts. */
export const DESKTOP_CHANNEL_NAMES = [
  'listCaptureSources',
  'captureSource',
  'openMiniWindow',
  'savePdf',
] as const;
export type DesktopChannel = (typeof DESKTOP_CHANNEL_NAMES)[number];
export const desktopChannel = (name: DesktopChannel) => `ensemble:desktop:${name}`;
