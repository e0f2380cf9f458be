import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { postJson } from './jsonPost';

/** A real HTTP server on loopback that takes requests and answers as `handle` does (or never). */
async function server(handle: http.RequestListener) {
  const s = http.createServer(handle);
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  open.push(s);
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}/api/notes.apply`;
}
const open: http.Server[] = [];
afterEach(() => {
  for (const s of open.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});

const request = (url: string, withinMs?: number) => ({
  url,
  headers: { 'Content-Type': 'application/json' },
  body: '{}',
  ...(withinMs === undefined ? {} : { withinMs }),
});

describe('a JSON post with a deadline', () => {
  it('is unreachable when the host takes the request and never answers', async () => {
    const url = await server(() => {}); // the connection stays open, silent
    const started = Date.now();
    expect(await postJson(fetch, request(url, 300))).toEqual({ kind: 'unreachable' });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('is unreachable when the answer stops halfway through its body', async () => {
    const url = await server((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"ok": true, "result": {"res'); // and nothing more
    });
    expect(await postJson(fetch, request(url, 300))).toEqual({ kind: 'unreachable' });
  });

  it('reads an answer that comes in time, slow or not', async () => {
    const url = await server((_req, res) => {
      setTimeout(() => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"ok":true,"result":{}}');
      }, 100);
    });
    expect(await postJson(fetch, request(url, 5_000))).toMatchObject({
      kind: 'answered',
      status: 200,
      readable: true,
      body: { ok: true, result: {} },
    });
    // Without a deadline, a body that is not JSON is read as such, not as unreachable.
    const plain = await server((_req, res) => res.end('not json'));
    expect(await postJson(fetch, request(plain))).toMatchObject({
      kind: 'answered',
      readable: false,
    });
  });
});
