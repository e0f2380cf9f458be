import type { FromCaller, ToCaller } from './callWorker';
import type { JsonPost, PostAnswer, PostRequest } from './jsonPost';
import { startWorker } from '../lib/startWorker';

/** A worker that has not taken a request by then is given up on; the page sends it instead. */
export const TAKEN_WITHIN_MS = 2000;

/** What the page needs of a worker (a stand-in in tests). */
export type CallerPort = {
  postMessage(message: ToCaller): void;
  onmessage: ((event: MessageEvent<FromCaller>) => void) | null;
  onerror: ((event: unknown) => void) | null;
  /** Stops it: a worker given up on must not go on with what it was handed (a real Worker's). */
  terminate?(): void;
};

/**
 * Sends requests through the call worker (callWorker.ts). Only for requests the host applies once
 * however often they arrive (the outbox's ops, by op id): when the worker cannot be used (none
 * here, it fails to start or fails later, or it does not take a request within 2 s), what it was
 * given is sent again from the page's thread, and so is everything after.
 */
export function createOffThreadPost(start: () => CallerPort | null, fallback: JsonPost): JsonPost {
  let port: CallerPort | null = null;
  let broken = false;
  let next = 0;
  const waiting = new Map<
    number,
    { request: PostRequest; taken: boolean; done: (answer: PostAnswer) => void }
  >();

  function giveUp(reason: string) {
    if (!broken) console.warn(`[ensemble] notes are sent from the page's thread: ${reason}`);
    broken = true;
    if (port) {
      port.onmessage = port.onerror = null;
      port.terminate?.();
    }
    port = null;
    for (const [id, w] of waiting) {
      waiting.delete(id);
      void fallback(w.request).then(w.done);
    }
  }

  function connect(): CallerPort | null {
    if (port || broken) return port;
    port = startWorker(start);
    if (!port) {
      broken = true;
      return null;
    }
    port.onmessage = ({ data }) => {
      const w = waiting.get(data.id);
      if (!w) return;
      if ('taken' in data) w.taken = true;
      else {
        waiting.delete(data.id);
        w.done(data.answer);
      }
    };
    port.onerror = () => giveUp('the call worker failed');
    return port;
  }

  // Started now: the first note does not wait for the worker's script to load.
  connect();
  return (request) => {
    const worker = connect();
    if (!worker) return fallback(request);
    return new Promise<PostAnswer>((done) => {
      const id = ++next;
      waiting.set(id, { request, taken: false, done });
      worker.postMessage({ id, request });
      setTimeout(() => {
        if (waiting.get(id)?.taken === false)
          giveUp(`the call worker took no request in ${TAKEN_WITHIN_MS} ms`);
      }, TAKEN_WITHIN_MS);
    });
  };
}

/** The app's call worker; null where there is none (tests without workers, an old embedder). */
export function startCallWorker(): CallerPort | null {
  if (typeof Worker === 'undefined') return null;
  return new Worker(new URL('./callWorker.worker.ts', import.meta.url), {
    type: 'module',
    name: 'ensemble-calls',
  }) as unknown as CallerPort;
}
