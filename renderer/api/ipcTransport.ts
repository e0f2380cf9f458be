import type { EnsembleBridge } from '../../shared/api/bridge';
import { parseHostEvent } from '../../shared/api/events';
import type { Transport } from './client';

/** Desktop: the preload's named functions. The connection is the process itself. */
export function createIpcTransport(bridge: EnsembleBridge): Transport {
  return {
    invoke: (method, args) =>
      (bridge.api[method] as (a: unknown) => ReturnType<Transport['invoke']>)(args),
    // Checked against its schema where it arrives, as over the WebSocket.
    subscribe: (listener) =>
      bridge.onEvent((raw) => {
        const event = parseHostEvent(raw);
        if (event) listener(event);
      }),
    onConnection: (listener) => {
      listener('online');
      return () => {};
    },
  };
}
