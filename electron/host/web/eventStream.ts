import type { WebSocket, WebSocketServer } from 'ws';
import type { ServedHost } from '../host';

/** What one page may have waiting unsent before it is dropped (a few seconds of a busy feed). */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const HEARTBEAT_MS = 25_000;

/**
 * Host events to every connected page. A page that stops reading (a laptop asleep, a frozen
 * tab, a dead link) is dropped rather than buffered for without end: it reconnects when it can
 * and reloads what it shows (the transport announces a resync). One that missed a whole
 * heartbeat's ping is dropped as well.
 */
export function streamEvents(wss: WebSocketServer, host: Pick<ServedHost, 'subscribe'>) {
  const clients = new Set<WebSocket>();
  const answered = new WeakSet<WebSocket>();
  const drop = (ws: WebSocket) => {
    clients.delete(ws);
    ws.terminate();
  };
  wss.on('connection', (ws) => {
    clients.add(ws);
    answered.add(ws);
    ws.on('pong', () => answered.add(ws));
    ws.on('close', () => clients.delete(ws));
    ws.on('error', () => clients.delete(ws));
  });
  const unsubscribe = host.subscribe((event) => {
    const text = JSON.stringify(event);
    for (const ws of clients) {
      if (ws.readyState !== ws.OPEN) continue;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) drop(ws);
      else ws.send(text);
    }
  });
  const heartbeat = setInterval(() => {
    for (const ws of clients) {
      if (!answered.has(ws)) {
        drop(ws);
        continue;
      }
      answered.delete(ws);
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();
  return {
    close() {
      clearInterval(heartbeat);
      unsubscribe();
      for (const ws of clients) ws.terminate();
      clients.clear();
    },
  };
}
