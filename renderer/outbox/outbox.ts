import type { Note, OpInput, OpResult } from '../../shared/domain/notes';
import { ApiError } from '../../shared/api/errors';
import type { ApiClient } from '../api/client';
import type { OutboxDb, OutboxEntry } from './db';
import { createDrafts, type NoteDraft } from './drafts';
import { createJournal, deviceStorage, type SyncStorage } from './journal';

export type SyncState = {
  pending: number;
  rejected: OutboxEntry[];
  offline: boolean;
  /** The host could not save (its disk is full, or not writable): the notes wait here meanwhile. */
  storage: 'full' | 'unavailable' | null;
  sending: boolean;
};

/** Answers that mean "not now": the batch stays in the outbox and is sent again. */
const KEEP: ReadonlySet<string> = new Set([
  'unavailable',
  'internal',
  'storage_full',
  'storage_unavailable',
]);

/**
 * Every note, edit and goal status goes to IndexedDB first, then to the host, and leaves the
 * outbox only once the host has acknowledged it (applied, or already applied: a replay).
 * Whatever is in the outbox is sent again after a reload or a reconnect, in writing order.
 */
export function createOutbox(
  db: OutboxDb,
  client: ApiClient,
  onChange: (sessionId: string) => void,
  /** The notes the host stored, straight from its answer: no event needs to arrive for them. */
  onNotes: (sessionId: string, notes: Note[]) => void = () => {},
  /** Where operations wait, synchronously, until IndexedDB has them; and the drafts. */
  storage: SyncStorage | null = deviceStorage(),
) {
  let seq = Date.now() * 1000;
  const flushing = new Map<string, Promise<void>>();
  const offline = new Set<string>();
  /** Sessions whose notes the host could not save (its disk is full, or not writable). */
  const hostStorage = new Map<string, 'full' | 'unavailable'>();
  const retryTimers = new Map<string, ReturnType<typeof setTimeout>>();
  const journal = createJournal(storage);
  const drafts = createDrafts(storage);

  // Operations a page left in the journal when it went away before IndexedDB had them.
  const ready = (async () => {
    const left = journal.leftBehind();
    if (left.length === 0) return;
    try {
      await db.ops.bulkPut(left);
      for (const e of left) journal.drop(e.opId);
      seq = Math.max(seq, ...left.map((e) => e.seq));
    } catch (error) {
      console.error('[ensemble] could not move kept notes to IndexedDB', error);
    }
  })();

  /**
   * The journal write happens synchronously, in the caller's task (the key press): a reload
   * right after cannot lose the operation. The promise resolves once IndexedDB has it too.
   */
  async function enqueue(sessionId: string, op: OpInput): Promise<void> {
    const entry: OutboxEntry = {
      opId: op.opId,
      sessionId,
      seq: ++seq,
      op,
      state: 'pending',
      createdAt: Date.now(),
    };
    const journaled = journal.keep(entry);
    await db.ops.put(entry);
    if (journaled) journal.drop(entry.opId);
    onChange(sessionId);
    void flush(sessionId);
  }

  async function sendPending(sessionId: string): Promise<void> {
    await ready;
    for (;;) {
      const pending = (
        await db.ops
          .where('[sessionId+seq]')
          .between([sessionId, 0], [sessionId, Infinity])
          .toArray()
      ).filter((e) => e.state === 'pending');
      if (pending.length === 0) return;
      const batch = pending.slice(0, 100);
      let results: OpResult[];
      let notes: Note[];
      try {
        ({ results, notes } = await client.call('notes.apply', {
          sessionId,
          ops: batch.map((e) => e.op),
        }));
      } catch (error) {
        if (error instanceof ApiError && !KEEP.has(error.code)) {
          // The whole batch was refused as malformed: keep it, visibly, rather than drop it.
          await db.ops.bulkPut(
            batch.map((e) => ({ ...e, state: 'rejected' as const, error: error.message })),
          );
          onChange(sessionId);
          continue;
        }
        const code = error instanceof ApiError ? error.code : '';
        if (code === 'storage_full' || code === 'storage_unavailable') {
          hostStorage.set(sessionId, code === 'storage_full' ? 'full' : 'unavailable');
          offline.delete(sessionId);
        } else {
          offline.add(sessionId);
          hostStorage.delete(sessionId);
        }
        onChange(sessionId);
        scheduleRetry(sessionId);
        return;
      }
      offline.delete(sessionId);
      hostStorage.delete(sessionId);
      if (notes.length > 0) onNotes(sessionId, notes);

      await db.transaction('rw', db.ops, async () => {
        for (const r of results) {
          if (r.status === 'rejected')
            await db.ops.update(r.opId, {
              state: 'rejected',
              error: r.error ?? 'Refused by the host',
            });
          else await db.ops.delete(r.opId);
        }
      });
      onChange(sessionId);
    }
  }

  function flush(sessionId: string): Promise<void> {
    const running = flushing.get(sessionId);
    if (running) return running.then(() => flush(sessionId));
    const run = sendPending(sessionId).finally(() => flushing.delete(sessionId));
    flushing.set(sessionId, run);
    return run;
  }

  function scheduleRetry(sessionId: string) {
    clearTimeout(retryTimers.get(sessionId));
    retryTimers.set(
      sessionId,
      setTimeout(() => void flush(sessionId), 2000),
    );
  }

  return {
    enqueue,
    flush,
    /** Send what every session kept (on reconnect): not only the open one's. */
    async flushAll(): Promise<void> {
      await ready;
      const sessions = (await db.ops.orderBy('sessionId').uniqueKeys()) as string[];
      await Promise.all(sessions.map((id) => flush(id)));
    },
    async entries(sessionId: string): Promise<OutboxEntry[]> {
      await ready;
      return db.ops
        .where('[sessionId+seq]')
        .between([sessionId, 0], [sessionId, Infinity])
        .toArray();
    },
    async state(sessionId: string): Promise<SyncState> {
      const all = await this.entries(sessionId);
      return {
        pending: all.filter((e) => e.state === 'pending').length,
        rejected: all.filter((e) => e.state === 'rejected'),
        offline: offline.has(sessionId),
        storage: hostStorage.get(sessionId) ?? null,
        sending: flushing.has(sessionId),
      };
    },
    async dismiss(opId: string, sessionId: string) {
      await db.ops.delete(opId);
      onChange(sessionId);
    },
    /** Synchronous (see drafts.ts); IndexedDB only where this device has no localStorage. */
    saveDraft(sessionId: string, text: string, type: string): void {
      const kept = drafts.write(sessionId, { text, type });
      // Drafts of an earlier version were kept in IndexedDB: an empty text clears those too.
      if (text === '') void db.drafts.delete(sessionId).catch(() => {});
      else if (!kept) void db.drafts.put({ sessionId, text, type, updatedAt: Date.now() });
    },
    /** The draft as this device has it now, without waiting. */
    draftNow(sessionId: string): NoteDraft | null {
      return drafts.read(sessionId);
    },
    /** The draft, also one an earlier version kept in IndexedDB. */
    async draft(sessionId: string): Promise<NoteDraft | null> {
      const now = drafts.read(sessionId);
      if (now) return now;
      const legacy = await db.drafts.get(sessionId);
      return legacy && legacy.text !== '' ? { text: legacy.text, type: legacy.type } : null;
    },
    stop() {
      for (const timer of retryTimers.values()) clearTimeout(timer);
    },
  };
}
export type Outbox = ReturnType<typeof createOutbox>;
