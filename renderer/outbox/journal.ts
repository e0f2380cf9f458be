import type { OutboxEntry } from './db';

/** The part of the Web Storage API used here (localStorage in the app; a stand-in in tests). */
export type SyncStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

/** This device's localStorage, or null where there is none (or it is switched off). */
export function deviceStorage(): SyncStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // a browser that forbids storage throws on the mere access
  }
}

const PREFIX = 'ensemble.outbox.op.';

/**
 * IndexedDB commits asynchronously: a reload in the milliseconds after Enter would abort the
 * write and lose the note. So an operation is first written here, synchronously, in the same
 * task as the key press, and moved to IndexedDB on the next start if the page went away before
 * IndexedDB had it. Sending it twice is harmless: the host applies an operation id once.
 */
export function createJournal(storage: SyncStorage | null) {
  return {
    /** False when nothing could be written (no storage, or it is full): IndexedDB alone keeps it. */
    keep(entry: OutboxEntry): boolean {
      if (!storage) return false;
      try {
        storage.setItem(PREFIX + entry.opId, JSON.stringify(entry));
        return true;
      } catch {
        return false;
      }
    },
    drop(opId: string): void {
      try {
        storage?.removeItem(PREFIX + opId);
      } catch {
        // nothing to do: the entry is in IndexedDB and a stale copy is applied once anyway
      }
    },
    /** Entries a page that went away left behind, in writing order. */
    leftBehind(): OutboxEntry[] {
      if (!storage) return [];
      const entries: OutboxEntry[] = [];
      const unreadable: string[] = [];
      try {
        for (let i = 0; i < storage.length; i++) {
          const key = storage.key(i);
          if (!key?.startsWith(PREFIX)) continue;
          const entry = parseEntry(storage.getItem(key));
          if (entry && key === PREFIX + entry.opId) entries.push(entry);
          else unreadable.push(key);
        }
        // Not an operation this outbox could ever send: it would only be read again and again.
        for (const key of unreadable) storage.removeItem(key);
      } catch {
        // storage went away meanwhile: what was read is still worth keeping
      }
      return entries.sort((a, b) => a.seq - b.seq);
    },
  };
}
export type Journal = ReturnType<typeof createJournal>;

function parseEntry(text: string | null): OutboxEntry | null {
  if (!text) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const e = value as Partial<OutboxEntry>;
  // The host validates the operation itself; here only what the outbox needs to keep it.
  const ok =
    typeof e.opId === 'string' &&
    typeof e.sessionId === 'string' &&
    typeof e.seq === 'number' &&
    typeof e.createdAt === 'number' &&
    e.state === 'pending' &&
    typeof e.op === 'object' &&
    e.op !== null &&
    (e.op as { opId?: unknown }).opId === e.opId;
  return ok ? (e as OutboxEntry) : null;
}
