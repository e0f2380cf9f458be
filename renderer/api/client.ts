import type { ArgsOf, MethodName, ResultOf } from '../../shared/api/contract';
import { ApiError, type ApiEnvelope } from '../../shared/api/errors';
import type { EventListener } from '../../shared/api/events';

export type ConnectionState = 'online' | 'connecting' | 'offline' | 'unauthorized';

/**
 * Filled in by a transport that knows it: when the host's answer was in the app's hands (epoch
 * ms). On the web, that is the thread that sent the request, which for the outbox's ops is the
 * call worker: the page's main thread may learn of it a frame later.
 */
export type Receipt = { answeredAt?: number };

/** What a transport carries: envelopes out, events in. Electron IPC and web both implement it. */
export interface Transport {
  invoke(method: MethodName, args: unknown, receipt?: Receipt): Promise<ApiEnvelope<unknown>>;
  subscribe(listener: EventListener): () => void;
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

/** The one API the renderer uses; it never knows which transport is underneath. */
export interface ApiClient {
  call<M extends MethodName>(method: M, args: ArgsOf<M>, receipt?: Receipt): Promise<ResultOf<M>>;
  subscribe(listener: EventListener): () => void;
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

export function createApiClient(transport: Transport): ApiClient {
  return {
    async call(method, args, receipt) {
      const envelope = await transport.invoke(method, args, receipt);
      if (!envelope.ok) throw ApiError.fromBody(envelope.error);
      return envelope.result as never;
    },
    subscribe: (listener) => transport.subscribe(listener),
    onConnection: (listener) => transport.onConnection(listener),
  };
}
