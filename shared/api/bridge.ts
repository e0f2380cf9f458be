import type { ApiEnvelope } from './errors';
import type { ArgsOf, MethodName, ResultOf } from './contract';
import type { DesktopApi } from './desktop';
import type { EventListener } from './events';

export type { CaptureSource } from './desktop';

/**
 * What the Electron preload exposes as `window.ensemble`: one named function per API method
 * (each bound to its own IPC channel), an event subscription that returns its unsubscribe,
 * the platform, the desktop side channels, and nothing else.
 */
export type EnsembleBridge = {
  readonly api: {
    readonly [M in MethodName]: (args: ArgsOf<M>) => Promise<ApiEnvelope<ResultOf<M>>>;
  };
  readonly onEvent: (listener: EventListener) => () => void;
  readonly platform: string;
  /** OS integrations of the desktop app. */
  readonly desktop?: DesktopApi;
};

/**
 * The keys of `window.ensemble`, for the desktop end-to-end spec: all of the bridge's keys (the
 * check below) and no others (the preload's object `satisfies EnsembleBridge`).
 */
export const BRIDGE_KEYS = [
  'api',
  'desktop',
  'onEvent',
  'platform',
] as const satisfies ReadonlyArray<keyof EnsembleBridge>;
const everyKey: Exclude<keyof EnsembleBridge, (typeof BRIDGE_KEYS)[number]> extends never
  ? true
  : false = true;
void everyKey;
