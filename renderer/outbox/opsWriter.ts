import type { OutboxEntry } from './db';

/** Page → worker: the database to write to (once Dexie has opened it), then one put per op. */
export type ToWriter =
  { open: { name: string; version: number } } | { put: { id: number; entry: OutboxEntry } };
/** Worker → page: the put committed (`at`: epoch ms of the commit event), or did not. */
export type FromWriter =
  { id: number; ok: true; at: number } | { id: number; ok: false; error: string };

/**
 * The outbox's writes of new ops, on a worker's thread: a note's put commits without waiting
 * for the page's main thread, which a running session keeps busy (the live feed, the timeline,
 * the frame after the key press). Opens the version the page's Dexie opened and never upgrades:
 * if that is not what it finds, every put is answered "not done" and the page writes them itself.
 */
export function createOpsWriter(
  idb: IDBFactory,
  post: (message: FromWriter) => void,
  clock: () => number = () => performance.timeOrigin + performance.now(),
) {
  let db: IDBDatabase | null = null;
  let failed: string | null = null;
  const waiting: { id: number; entry: OutboxEntry }[] = [];

  function put(id: number, entry: OutboxEntry) {
    if (failed !== null || !db) return post({ id, ok: false, error: failed ?? 'not open' });
    try {
      const tx = db.transaction('ops', 'readwrite');
      tx.objectStore('ops').put(entry);
      // Committed now: left to commit by itself, the transaction waits for the put's success
      // to come back to this thread first, a round trip to the browser's IndexedDB and back.
      tx.commit?.(); // where there is none (older browsers), it commits by itself
      tx.oncomplete = () => post({ id, ok: true, at: clock() });
      tx.onabort = () => post({ id, ok: false, error: String(tx.error ?? 'aborted') });
    } catch (error) {
      post({ id, ok: false, error: String(error) });
    }
  }

  function open(name: string, version: number) {
    const request = idb.open(name, version);
    request.onupgradeneeded = () => request.transaction?.abort(); // the page's schema, not ours
    request.onsuccess = () => {
      db = request.result;
      // The page's Dexie upgrades the schema on a later version: step aside for it.
      db.onversionchange = () => {
        db?.close();
        db = null;
        failed = 'closed for an upgrade';
      };
      for (const w of waiting.splice(0)) put(w.id, w.entry);
    };
    request.onerror = () => {
      failed = String(request.error ?? 'could not open');
      for (const w of waiting.splice(0)) put(w.id, w.entry);
    };
  }

  return (message: ToWriter) => {
    if ('open' in message) open(message.open.name, message.open.version);
    else if (!db && failed === null) waiting.push(message.put);
    else put(message.put.id, message.put.entry);
  };
}
