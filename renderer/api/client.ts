import type { ArgsOf, MethodName, ResultOf } from '../../shared/api/contract';
import { ApiError, type ApiEnvelope } from '../../shared/api/errors';
import type { EventListener } from '../../shared/api/events';

export type ConnectionState = 'online' | 'connecting' | 'offline' | 'unauthorized';

/** What a transport carries: envelopes out, events in. Electron IPC and web both implement it. */
export interface Transport {
  invoke(method: MethodName, args: unknown): Promise<ApiEnvelope<unknown>>;
  subscribe(listener: EventListener): () => void;
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

/** The one API the renderer uses; it never knows which transport is underneath. */
export interface ApiClient {
  call<M extends MethodName>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>>;
  subscribe(listener: EventListener): () => void;
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

export function createApiClient(transport: Transport): ApiClient {
  return {
    async call(method, args) {
      const envelope = await transport.invoke(method, args);
      if (!envelope.ok) throw ApiError.fromBody(envelope.error);
      return envelope.result as never;
    },
    subscribe: (listener) => transport.subscribe(listener),
    onConnection: (listener) => transport.onConnection(listener),
  };
}
