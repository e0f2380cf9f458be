import type { EnsembleBridge } from '../../shared/api/bridge';
import type { Transport } from './client';

/** Desktop: the preload's named functions. The connection is the process itself. */
export function createIpcTransport(bridge: EnsembleBridge): Transport {
  return {
    invoke: (method, args) =>
      (bridge.api[method] as (a: unknown) => ReturnType<Transport['invoke']>)(args),
    subscribe: (listener) => bridge.onEvent(listener),
    onConnection: (listener) => {
      listener('online');
      return () => {};
    },
  };
}
