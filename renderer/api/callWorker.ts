import { postJson, type PostAnswer, type PostRequest } from './jsonPost';

/** Page → worker: one request. */
export type ToCaller = { id: number; request: PostRequest };
/** Worker → page: the request was taken (sent at once), then its answer. */
export type FromCaller = { id: number; taken: true } | { id: number; answer: PostAnswer };

/**
 * The call worker's side: each request is sent from the worker's thread, and its answer (headers,
 * then the body, then the JSON parse: each a task of their own) is read there too. The page's
 * main thread, which a running session keeps busy drawing, sees one message per answer.
 */
export function createCaller(fetchImpl: typeof fetch, post: (message: FromCaller) => void) {
  return ({ id, request }: ToCaller): Promise<void> => {
    post({ id, taken: true });
    return postJson(fetchImpl, request).then((answer) => post({ id, answer }));
  };
}
