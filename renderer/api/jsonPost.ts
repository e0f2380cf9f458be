/**
 * One JSON POST to the host and what came back, the same shape on the page's thread and on the
 * call worker's (callWorker.ts): the web transport reads envelopes from this, never from a
 * Response, so where the request ran makes no difference to what the app sees.
 */
export type PostAnswer =
  | {
      kind: 'answered';
      status: number;
      body: unknown;
      readable: boolean;
      /** Epoch ms (sub-ms) at which the answer had been read on the thread that sent it. */
      at: number;
    }
  | { kind: 'unreachable' };

const now = () => performance.timeOrigin + performance.now();

export type PostRequest = {
  url: string;
  headers: Record<string, string>;
  body: string;
  /**
   * No answer read in full by then counts as unreachable (the request is aborted): for requests
   * the host applies once however often they arrive, so that one lost on a dropped connection is
   * sent again rather than waited for until the system gives up on the connection.
   */
  withinMs?: number;
};

export type JsonPost = (request: PostRequest) => Promise<PostAnswer>;

/** The request and its answer read in full: the body parsed as JSON, or marked unreadable. */
export async function postJson(
  fetchImpl: typeof fetch,
  { url, headers, body, withinMs }: PostRequest,
): Promise<PostAnswer> {
  const signal = withinMs === undefined ? undefined : AbortSignal.timeout(withinMs);
  let response: Response;
  try {
    response = await fetchImpl(url, { method: 'POST', headers, body, signal });
  } catch {
    return { kind: 'unreachable' };
  }
  const answer = await readAnswer(response);
  // The body stopped coming and the deadline aborted its reading: nothing was read.
  if (answer.kind === 'answered' && !answer.readable && signal?.aborted)
    return { kind: 'unreachable' };
  return answer;
}

/** An answer's status and its body as JSON (a body that is not JSON is kept as unreadable). */
export async function readAnswer(response: Response): Promise<PostAnswer> {
  try {
    const body: unknown = await response.json();
    return { kind: 'answered', status: response.status, body, readable: true, at: now() };
  } catch {
    return { kind: 'answered', status: response.status, body: null, readable: false, at: now() };
  }
}
