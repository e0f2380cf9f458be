import type { WebSocket } from 'ws';
import { ROUTES } from '../../../shared/api/routes';
import type { Person } from '../context';
import type { ServedHost } from '../host';

/** What one page may have waiting unsent before it is dropped (a few seconds of a busy feed). */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const HEARTBEAT_MS = 25_000;
export const LINK_REVOKED_CLOSE = ROUTES.events.revokedClose;

/** A page's socket: the host's own app, or a personal link's holder with the token it showed. */
type Client = { person: Person; token: string } | null;

/**
 * Host events to every connected page. A page that stops reading (a laptop asleep, a frozen
 * tab, a dead link) is dropped rather than buffered for without end: it reconnects when it can
 * and reloads what it shows (the transport announces a resync). One that missed a whole
 * heartbeat's ping is dropped as well. A personal link's page gets only its own session's
 * events, and is closed (4401) as soon as its link is revoked or its participant removed.
 */
export function streamEvents(
  host: Pick<ServedHost, 'subscribe' | 'mayReceive' | 'identify' | 'pageLeft'>,
) {
  const clients = new Map<WebSocket, Client>();
  const answered = new WeakSet<WebSocket>();
  /** Forgets a page; when it was its holder's last, the host forgets what that page said. */
  const remove = (ws: WebSocket) => {
    const client = clients.get(ws);
    if (!clients.delete(ws) || !client) return;
    const { participantId, sessionId } = client.person;
    for (const other of clients.values())
      if (other?.person.participantId === participantId && other.person.sessionId === sessionId)
        return;
    host.pageLeft(client.person);
  };
  const drop = (ws: WebSocket) => {
    remove(ws);
    ws.terminate();
  };
  /** Personal links are checked again whenever links or sessions change. */
  const recheck = () => {
    for (const [ws, client] of clients) {
      if (!client) continue;
      const now = host.identify(client.token);
      if (now === null || now === 'revoked' || now.linkId !== client.person.linkId) {
        remove(ws);
        ws.close(LINK_REVOKED_CLOSE, 'This personal link no longer works');
      }
    }
  };
  const unsubscribe = host.subscribe((event) => {
    if (event.event === 'links.changed' || event.event === 'sessions.changed') recheck();
    const text = JSON.stringify(event);
    for (const [ws, client] of clients) {
      if (ws.readyState !== ws.OPEN) continue;
      if (client && !host.mayReceive(client.person, event)) continue;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) drop(ws);
      else ws.send(text);
    }
  });
  const heartbeat = setInterval(() => {
    for (const ws of clients.keys()) {
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
    /** A page connected: `person` null for the host's own app. */
    add(ws: WebSocket, client: Client) {
      clients.set(ws, client);
      answered.add(ws);
      ws.on('pong', () => answered.add(ws));
      ws.on('close', () => remove(ws));
      ws.on('error', () => remove(ws));
    },
    close() {
      clearInterval(heartbeat);
      unsubscribe();
      for (const ws of clients.keys()) ws.terminate();
      clients.clear();
    },
  };
}
