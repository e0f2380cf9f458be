import type { FromCaller, ToCaller } from './callWorker';
import type { JsonPost, PostAnswer, PostRequest } from './jsonPost';
import { createWorkerOrPage, type WorkerPort } from '../lib/workerOrPage';

/** A worker that has not taken a request by then is given up on; the page sends it instead. */
export const TAKEN_WITHIN_MS = 2000;

/** What the page needs of a worker (a stand-in in tests). */
export type CallerPort = WorkerPort<ToCaller, FromCaller>;

/**
 * Sends requests through the call worker (callWorker.ts). Only for requests the host applies once
 * however often they arrive (the outbox's ops, by op id): when the worker cannot be used (none
 * here, it fails to start or fails later, or it does not take a request within 2 s), what it was
 * given is sent again from the page's thread, and so is everything after.
 */
export function createOffThreadPost(start: () => CallerPort | null, fallback: JsonPost): JsonPost {
  return createWorkerOrPage<PostRequest, PostAnswer, ToCaller, FromCaller>({
    start,
    send: (id, request) => ({ id, request }),
    read: (m) => ({ id: m.id, reply: 'taken' in m ? { taken: true } : { result: m.answer } }),
    onPage: fallback,
    withinMs: TAKEN_WITHIN_MS,
    name: 'the call worker',
    does: 'send',
    late: 'took no request',
    fallbackNote: "notes are sent from the page's thread",
  });
}

/** The app's call worker; null where there is none (tests without workers, an old embedder). */
export function startCallWorker(): CallerPort | null {
  if (typeof Worker === 'undefined') return null;
  return new Worker(new URL('./callWorker.worker.ts', import.meta.url), {
    type: 'module',
    name: 'ensemble-calls',
  }) as unknown as CallerPort;
}
