import { describe, expect, it, vi } from 'vitest';
import type { Receipt } from './client';
import type { JsonPost, PostAnswer, PostRequest } from './jsonPost';
import { createWebTransport, OFF_THREAD, OPS_ANSWER_WITHIN_MS } from './webTransport';

/** No events in these tests: a WebSocket that never opens. */
class QuietSocket {
  static last: QuietSocket | null = null;
  constructor() {
    QuietSocket.last = this;
  }
  onopen: (() => void) | null = null;
  onmessage = null;
  onclose = null;
  onerror = null;
  close() {}
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

function setup(offThreadAnswer: PostAnswer) {
  const onPage = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) =>
    json(200, { ok: true, result: { from: 'page' } }),
  );
  const offThread = vi.fn<JsonPost>(async (_r: PostRequest) => offThreadAnswer);
  const transport = createWebTransport({
    baseUrl: 'http://127.0.0.1:1',
    token: 'secret',
    WebSocketImpl: QuietSocket as unknown as typeof WebSocket,
    fetchImpl: onPage as unknown as typeof fetch,
    offThread: () => offThread,
  });
  return { transport, onPage, offThread };
}

const answered = (status: number, body: unknown, at = 1234.5): PostAnswer => ({
  kind: 'answered',
  status,
  body,
  readable: true,
  at,
});

describe('the web transport with a call worker', () => {
  it("sends the outbox's ops from the worker, with the token, and says when the answer was read", async () => {
    const { transport, onPage, offThread } = setup(
      answered(200, { ok: true, result: { results: [], notes: [] } }, 98765.25),
    );
    const receipt: Receipt = {};
    const envelope = await transport.invoke('notes.apply', { sessionId: 's', ops: [] }, receipt);
    expect(envelope).toEqual({ ok: true, result: { results: [], notes: [] } });
    expect(receipt.answeredAt).toBe(98765.25);
    expect(offThread).toHaveBeenCalledWith({
      url: 'http://127.0.0.1:1/api/notes.apply',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer secret' },
      body: JSON.stringify({ sessionId: 's', ops: [] }),
      // Not waited for past this: the host applies an op once, so it is sent again.
      withinMs: OPS_ANSWER_WITHIN_MS,
    });
    expect(onPage).not.toHaveBeenCalled();
    transport.close();
  });

  it('sends every other method from the page', async () => {
    const { transport, onPage, offThread } = setup(answered(200, { ok: true, result: {} }));
    expect([...OFF_THREAD]).toEqual(['notes.apply']);
    expect(await transport.invoke('sessions.list', {})).toEqual({
      ok: true,
      result: { from: 'page' },
    });
    expect(onPage).toHaveBeenCalledTimes(1);
    expect(offThread).not.toHaveBeenCalled();
    transport.close();
  });

  it("reads the worker's answers as the page's: errors, refusals, an unreachable host", async () => {
    const refused = setup(
      answered(400, { ok: false, error: { code: 'invalid_argument', message: 'no ops' } }),
    );
    expect(await refused.transport.invoke('notes.apply', {})).toEqual({
      ok: false,
      error: { code: 'invalid_argument', message: 'no ops' },
    });
    refused.transport.close();

    const garbled = setup({ kind: 'answered', status: 502, body: null, readable: false, at: 1 });
    expect(await garbled.transport.invoke('notes.apply', {})).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: 'The host answered 502 without a readable body' },
    });
    garbled.transport.close();

    const gone = setup({ kind: 'unreachable' });
    const receipt: Receipt = {};
    expect(await gone.transport.invoke('notes.apply', {}, receipt)).toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
    expect(receipt.answeredAt).toBeUndefined();
    gone.transport.close();
  });

  it('goes unauthorized when the worker is answered 401', async () => {
    const { transport } = setup(
      answered(401, { ok: false, error: { code: 'unauthorized', message: 'Token revoked' } }),
    );
    const states: string[] = [];
    transport.onConnection((s) => states.push(s));
    await transport.invoke('notes.apply', {});
    expect(states).toEqual(['connecting', 'unauthorized']);
    transport.close();
  });

  it("marks a call the worker could not deliver, so the host's return reloads the page", async () => {
    const { transport } = setup({ kind: 'unreachable' });
    const events: string[] = [];
    transport.subscribe((e) => events.push(e.event));
    await transport.invoke('notes.apply', {});
    QuietSocket.last!.onopen!(); // the host is back
    expect(events).toEqual(['resync']);
    transport.close();
  });
});
