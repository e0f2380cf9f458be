import { createApiClient, type ApiClient, type Transport } from '../renderer/api/client';
import { createTempHost } from './tempHost';

/**
 * An API client over a real host in a temporary folder, with the same JSON round trip as the
 * wire, for store tests without a mock of our own code.
 */
export function createRealClient(): { client: ApiClient; host: ReturnType<typeof createTempHost> } {
  const host = createTempHost();
  const transport: Transport = {
    invoke: async (method, args) =>
      host.dispatch(method, JSON.parse(JSON.stringify(args ?? {})), { transport: 'test' }),
    subscribe: (listener) => host.subscribe(listener),
    onConnection: (listener) => {
      listener('online');
      return () => {};
    },
  };
  return { client: createApiClient(transport), host };
}
