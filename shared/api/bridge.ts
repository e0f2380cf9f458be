import type { ApiEnvelope } from './errors';
import type { ArgsOf, MethodName, ResultOf } from './contract';
import type { EventListener } from './events';

/**
 * What the Electron preload exposes as `window.ensemble`: one named function per API method
 * (each bound to its own IPC channel), an event subscription that returns its unsubscribe,
 * and nothing else.
 */
export type EnsembleBridge = {
  readonly api: {
    readonly [M in MethodName]: (args: ArgsOf<M>) => Promise<ApiEnvelope<ResultOf<M>>>;
  };
  readonly onEvent: (listener: EventListener) => () => void;
  readonly platform: string;
};
