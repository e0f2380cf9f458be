import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCaller, type FromCaller, type ToCaller } from './callWorker';
import { postJson, type PostRequest } from './jsonPost';
import { createOffThreadPost, TAKEN_WITHIN_MS, type CallerPort } from './offThreadPost';

/** A host stand-in on loopback: counts what arrives, answers by path. */
let server: http.Server;
let base = '';
const arrived: string[] = [];
beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      arrived.push(`${req.url} ${body}`);
      if (req.url === '/garbled') return res.writeHead(502).end('<html>bad gateway</html>');
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ ok: true, result: { echoed: JSON.parse(body || '{}') } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const request = (path: string, body: unknown = { n: 1 }): PostRequest => ({
  url: `${base}${path}`,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

/** A worker stand-in: the real caller with the real fetch, messages delivered as tasks, cloned. */
function fakeWorker(options: { takes?: boolean } = {}) {
  const posted: ToCaller[] = [];
  const port: CallerPort = {
    onmessage: null,
    onerror: null,
    postMessage(message) {
      posted.push(message);
      if (options.takes === false) return;
      setTimeout(() => void handle(structuredClone(message)));
    },
  };
  const handle = createCaller(fetch, (answer: FromCaller) =>
    setTimeout(() =>
      port.onmessage?.({ data: structuredClone(answer) } as MessageEvent<FromCaller>),
    ),
  );
  return { port, posted };
}

const onPage = () => vi.fn((r: PostRequest) => postJson(fetch, r));

describe('requests sent from the call worker', () => {
  it('are sent and read there: the answer, its status, and when it was read', async () => {
    const worker = fakeWorker();
    const fallback = onPage();
    const post = createOffThreadPost(() => worker.port, fallback);
    const before = performance.timeOrigin + performance.now();
    const answer = await post(request('/api/notes.apply', { ops: ['a'] }));
    expect(answer).toMatchObject({
      kind: 'answered',
      status: 200,
      readable: true,
      body: { ok: true, result: { echoed: { ops: ['a'] } } },
    });
    expect(answer.kind === 'answered' && answer.at).toBeGreaterThanOrEqual(before);
    expect(worker.posted).toHaveLength(1);
    expect(fallback).not.toHaveBeenCalled();
  });

  it('say when the host cannot be reached, and when its answer is not JSON', async () => {
    const post = createOffThreadPost(() => fakeWorker().port, onPage());
    expect(await post({ ...request('/x'), url: 'http://127.0.0.1:9/api/notes.apply' })).toEqual({
      kind: 'unreachable',
    });
    expect(await post(request('/garbled'))).toMatchObject({
      kind: 'answered',
      status: 502,
      readable: false,
    });
  });

  it('are sent from the page where there is no worker, or it fails to start', async () => {
    const none = onPage();
    await createOffThreadPost(() => null, none)(request('/a'));
    expect(none).toHaveBeenCalledTimes(1);
    const refused = onPage();
    const post = createOffThreadPost(() => {
      throw new Error('refused by the content security policy');
    }, refused);
    await post(request('/b'));
    expect(refused).toHaveBeenCalledTimes(1);
  });

  it('are sent again from the page when the worker fails, and so is every later one', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const worker = fakeWorker({ takes: false });
    const terminate = vi.fn();
    worker.port.terminate = terminate;
    const fallback = onPage();
    const post = createOffThreadPost(() => worker.port, fallback);
    const first = post(request('/api/notes.apply', { n: 'first' }));
    worker.port.onerror?.(new Event('error'));
    // Stopped: it cannot send later what the page now sends itself.
    expect(terminate).toHaveBeenCalledTimes(1);
    expect(await first).toMatchObject({
      status: 200,
      body: { result: { echoed: { n: 'first' } } },
    });
    await post(request('/api/notes.apply', { n: 'second' }));
    expect(worker.posted).toHaveLength(1); // nothing more was given to it
    expect(fallback).toHaveBeenCalledTimes(2);
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });

  it('are sent from the page when the worker takes nothing within 2 s', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const worker = fakeWorker({ takes: false });
    const terminate = vi.fn();
    worker.port.terminate = terminate;
    const fallback = onPage();
    const started = Date.now();
    const answer = await createOffThreadPost(() => worker.port, fallback)(request('/stuck'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(TAKEN_WITHIN_MS - 50);
    expect(answer).toMatchObject({ kind: 'answered', status: 200 });
    expect(fallback).toHaveBeenCalledTimes(1);
    expect(terminate).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });

  it('are not sent twice when the worker took them and the host is merely slow', async () => {
    const slow = http.createServer((_req, res) =>
      setTimeout(() => res.writeHead(200).end('{"ok":true,"result":{}}'), TAKEN_WITHIN_MS + 500),
    );
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    try {
      const fallback = onPage();
      const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/api/notes.apply`;
      const answer = await createOffThreadPost(
        () => fakeWorker().port,
        fallback,
      )({
        ...request('/'),
        url,
      });
      expect(answer).toMatchObject({ kind: 'answered', status: 200 });
      expect(fallback).not.toHaveBeenCalled();
    } finally {
      slow.closeAllConnections();
      await new Promise<void>((r) => slow.close(() => r()));
    }
  });
});
