import { ApiErrorBody, type ApiEnvelope } from '../../shared/api/errors';
import { parseHostEvent, type EventListener } from '../../shared/api/events';
import { ROUTES } from '../../shared/api/routes';
import type { MethodName } from '../../shared/api/methods';
import type { ConnectionState, Receipt, Transport } from './client';
import { postJson, readAnswer, type JsonPost, type PostAnswer } from './jsonPost';

type Options = {
  baseUrl: string;
  token: string;
  /** WebSocket constructor (tests pass the ws package's). */
  WebSocketImpl?: typeof WebSocket;
  fetchImpl?: typeof fetch;
  /**
   * Where the methods of OFF_THREAD are sent from (the call worker), given the page's own way of
   * sending them to fall back on; the page's fetch if none.
   */
  offThread?: (onPage: JsonPost) => JsonPost;
};

/**
 * Sent from the call worker when there is one: the outbox's ops, whose answer is a note's
 * acknowledgement (read there, it does not wait behind the page's drawing). The host applies an
 * op id once, so an op the worker may have sent is sent again from the page harmlessly.
 */
export const OFF_THREAD: ReadonlySet<MethodName> = new Set<MethodName>(['notes.apply']);
/**
 * The outbox's batches are small and the host applies each op once: one not answered by then
 * (a connection dropped without a word, a host that hangs) is sent again with what came since.
 */
export const OPS_ANSWER_WITHIN_MS = 15_000;

const unavailable = (message: string): ApiEnvelope<never> => ({
  ok: false,
  error: { code: 'unavailable', message },
});

/**
 * Web mode: POST /api/<method> with the session token, and one WebSocket for host events that
 * reconnects with backoff. A reconnect is announced as a `resync` so the store reloads.
 */
export function createWebTransport(options: Options): Transport & { close(): void } {
  const fetchImpl = options.fetchImpl ?? fetch.bind(globalThis);
  const WS = options.WebSocketImpl ?? WebSocket;
  const eventListeners = new Set<EventListener>();
  const connectionListeners = new Set<(s: ConnectionState) => void>();
  let state: ConnectionState = 'connecting';
  let socket: WebSocket | null = null;
  let retry = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  let everOpened = false;
  /** A call failed for want of the host: what the page shows may be missing or old. */
  let missedCall = false;

  const setState = (next: ConnectionState) => {
    if (next === state) return;
    state = next;
    connectionListeners.forEach((l) => l(next));
  };

  function connect() {
    if (closed) return;
    const url = new URL(ROUTES.events.path, options.baseUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set(ROUTES.events.tokenParam, options.token);
    const ws = new WS(url.toString());
    socket = ws;
    ws.onopen = () => {
      retry = 0;
      setState('online');
      // Also on the first open when a call failed before it (a page loaded while the host was
      // going away): whatever did not load is loaded now, and kept notes are sent.
      if (everOpened || missedCall)
        eventListeners.forEach((l) => l({ event: 'resync', payload: {} }));
      everOpened = true;
      missedCall = false;
    };
    ws.onmessage = (message) => {
      let data: unknown;
      try {
        data = JSON.parse(String(message.data));
      } catch {
        return;
      }
      // Checked against its schema where it arrives: the store only ever sees well-formed events.
      const event = parseHostEvent(data);
      if (event) eventListeners.forEach((l) => l(event));
    };
    ws.onclose = (event) => {
      if (socket !== ws || closed) return;
      // The host closed a personal link's connection for good: revoked, replaced, or removed.
      if (event.code === ROUTES.events.revokedClose) {
        setState('unauthorized');
        return;
      }
      if (state !== 'unauthorized') setState('offline');
      const delay = Math.min(5000, 250 * 2 ** retry++);
      timer = setTimeout(connect, delay);
    };
    ws.onerror = () => ws.close();
  }
  connect();

  const auth = { Authorization: `Bearer ${options.token}` };
  const onPage: JsonPost = (request) => postJson(fetchImpl, request);
  const offThread = options.offThread?.(onPage);

  /** Images travel as bytes, not JSON: a raw POST up, an authorised GET down. */
  async function bytes(
    method: MethodName,
    args: unknown,
  ): Promise<PostAnswer | ApiEnvelope<unknown>> {
    const { screenshotUpload, screenshot } = ROUTES;
    let response: Response;
    try {
      if (method === screenshotUpload.method) {
        const { sessionId, bytes } = args as { sessionId: string; bytes: Uint8Array };
        response = await fetchImpl(new URL(screenshotUpload.path(sessionId), options.baseUrl), {
          method: screenshotUpload.verb,
          headers: { 'Content-Type': 'application/octet-stream', ...auth },
          body: bytes as BodyInit,
        });
      } else {
        const { sessionId, hash } = args as { sessionId: string; hash: string };
        response = await fetchImpl(new URL(screenshot.path(sessionId, hash), options.baseUrl), {
          method: screenshot.verb,
          headers: auth,
        });
        if (response.ok) {
          const mime = response.headers.get('content-type') ?? 'application/octet-stream';
          return {
            ok: true,
            result: { mime, bytes: new Uint8Array(await response.arrayBuffer()) },
          };
        }
      }
    } catch {
      return { kind: 'unreachable' };
    }
    return readAnswer(response);
  }

  function request(method: MethodName, args: unknown): Promise<PostAnswer | ApiEnvelope<unknown>> {
    if (method === ROUTES.screenshotUpload.method || method === ROUTES.screenshot.method)
      return bytes(method, args);
    const ops = OFF_THREAD.has(method);
    return (ops && offThread ? offThread : onPage)({
      url: new URL(ROUTES.call.path(method), options.baseUrl).toString(),
      headers: { 'Content-Type': 'application/json', ...auth },
      body: JSON.stringify(args ?? {}),
      ...(ops ? { withinMs: OPS_ANSWER_WITHIN_MS } : {}),
    });
  }

  return {
    async invoke(method: MethodName, args: unknown, receipt?: Receipt) {
      const answer = await request(method, args);
      if (!('kind' in answer)) return answer;
      if (answer.kind === 'answered' && receipt) receipt.answeredAt = answer.at;
      if (answer.kind === 'unreachable') {
        // The WebSocket says whether the host is reachable; its next open reloads what failed.
        missedCall = true;
        return unavailable('Cannot reach the Ensemble host; is it still running?');
      }
      const { status, body } = answer;
      if (!answer.readable)
        return unavailable(`The host answered ${status} without a readable body`);
      if (status === 401) setState('unauthorized');
      if (typeof body === 'object' && body && 'ok' in body) {
        if ((body as { ok: boolean }).ok) return body as ApiEnvelope<unknown>;
        const error = ApiErrorBody.safeParse((body as { error?: unknown }).error);
        if (error.success) return { ok: false, error: error.data };
      }
      return unavailable(`Unexpected answer from the host (HTTP ${status})`);
    },
    subscribe(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(state);
      return () => connectionListeners.delete(listener);
    },
    close() {
      closed = true;
      clearTimeout(timer);
      socket?.close();
    },
  };
}
