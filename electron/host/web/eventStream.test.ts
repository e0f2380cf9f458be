import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { rawEvent } from '../../../test-support/feedEvents';
import { createTempHost } from '../../../test-support/tempHost';
import { MAX_BUFFERED_BYTES, streamEvents } from './eventStream';
import { startWebServer, type WebServer } from './server';

const TOKEN = 'test-token-0123456789abcdefghijklmnop';
let host: ReturnType<typeof createTempHost>;
let server: WebServer;

beforeEach(async () => {
  host = createTempHost();
  server = await startWebServer({
    host,
    hostname: '127.0.0.1',
    port: 0,
    token: TOKEN,
    staticDir: null,
  });
});
afterEach(async () => {
  await server.close();
  host.dispose();
});

it('drops a page that stops reading instead of buffering the live feed for it without end', async () => {
  await host.call('sessions.create', { title: 'Live', tenantId: 'internal' });
  const origin = `http://127.0.0.1:${server.port}`;
  const url = `ws://127.0.0.1:${server.port}/api/events?token=${TOKEN}`;
  const stuck = new WebSocket(url, { origin });
  const reading = new WebSocket(url, { origin });
  await Promise.all([stuck, reading].map((ws) => new Promise((r) => ws.once('open', r))));
  let received = 0;
  reading.on('message', (data) => (received += String(data).length));
  // A frozen tab: its socket reads nothing more.
  (stuck as unknown as { _socket: { pause(): void } })._socket.pause();
  let closed = false;
  stuck.once('close', () => (closed = true));

  const text = 'x'.repeat(30_000);
  let sent = 0;
  const now = Date.now();
  for (let batch = 0; sent < 6 * MAX_BUFFERED_BYTES; batch++) {
    host.feeds.ingest(
      'otlp',
      Array.from({ length: 300 }, (_, i) => rawEvent(now + batch * 300 + i, `${text} ${i}`)),
    );
    host.feeds.flush();
    sent += 300 * text.length;
    // The page that reads gets each batch (the live view goes out four times a second at most).
    await expect.poll(() => received, { timeout: 30_000 }).toBeGreaterThanOrEqual(sent);
  }
  // The frozen one is let go, and learns it on waking.
  (stuck as unknown as { _socket: { resume(): void } })._socket.resume();
  await expect.poll(() => closed, { timeout: 30_000 }).toBe(true);
  expect(reading.readyState).toBe(WebSocket.OPEN);
  reading.close();
}, 90_000); // its polls wait up to 30 s each: more than the default 20 s on a loaded machine

it('tells the host a personal link’s holder left only when their last page closes', () => {
  /** A page's socket as the stream uses it. */
  class Page extends EventEmitter {
    readonly OPEN = 1;
    readyState = 1;
    bufferedAmount = 0;
    send() {}
    ping() {}
    terminate() {
      this.emit('close');
    }
    close() {
      this.emit('close');
    }
  }
  const left: string[] = [];
  const stream = streamEvents({
    subscribe: () => () => {},
    mayReceive: () => true,
    identify: () => null,
    pageLeft: (person) => left.push(person.participantId),
  });
  const person = (participantId: string) => ({
    person: { linkId: `link-${participantId}`, sessionId: 's1', participantId },
    token: `token-${participantId}`,
  });
  const pages = [new Page(), new Page(), new Page(), new Page()];
  stream.add(pages[0] as unknown as WebSocket, person('cleo'));
  stream.add(pages[1] as unknown as WebSocket, person('cleo'));
  stream.add(pages[2] as unknown as WebSocket, person('dev'));
  stream.add(pages[3] as unknown as WebSocket, null); // the host's own app
  pages[0]!.close();
  expect(left).toEqual([]); // she still has a page open
  pages[1]!.close();
  pages[3]!.close();
  expect(left).toEqual(['cleo']);
  stream.close();
});
