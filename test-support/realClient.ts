import type { EventListener } from '../shared/api/events';
import { createApiClient, type ApiClient, type Transport } from '../renderer/api/client';
import { createTempHost } from './tempHost';

/**
 * An API client over a real host in a temporary folder, with the same JSON round trip as the
 * wire, for store tests without a mock of our own code. `connection.drop()` stops host events
 * reaching the client, as a lost WebSocket does; `connection.restore()` reconnects and announces
 * a `resync`, as the web transport does.
 */
export function createRealClient(options: Parameters<typeof createTempHost>[1] = {}): {
  client: ApiClient;
  host: ReturnType<typeof createTempHost>;
  connection: { drop(): void; restore(): void };
} {
  const host = createTempHost(undefined, options);
  let connected = true;
  const listeners = new Set<EventListener>();
  host.subscribe((event) => {
    if (connected) listeners.forEach((l) => l(event));
  });
  const transport: Transport = {
    invoke: async (method, args) =>
      host.dispatch(method, JSON.parse(JSON.stringify(args ?? {})), { transport: 'test' }),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onConnection: (listener) => {
      listener('online');
      return () => {};
    },
  };
  const connection = {
    drop: () => void (connected = false),
    restore: () => {
      connected = true;
      listeners.forEach((l) => l({ event: 'resync', payload: {} }));
    },
  };
  return { client: createApiClient(transport), host, connection };
}
