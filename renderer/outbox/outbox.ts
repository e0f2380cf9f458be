import type { Note, OpInput, OpResult } from '../../shared/domain/notes';
import { ApiError } from '../../shared/api/errors';
import type { ApiClient } from '../api/client';
import type { OutboxDb, OutboxEntry } from './db';

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
) {
  let seq = Date.now() * 1000;
  const flushing = new Map<string, Promise<void>>();
  const offline = new Set<string>();
  const storage = new Map<string, 'full' | 'unavailable'>();
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  async function enqueue(sessionId: string, op: OpInput): Promise<void> {
    // Resolves once IndexedDB has committed: from here on a crash or reload cannot lose it.
    await db.ops.put({
      opId: op.opId,
      sessionId,
      seq: ++seq,
      op,
      state: 'pending',
      createdAt: Date.now(),
    });
    onChange(sessionId);
    void flush(sessionId);
  }

  async function sendPending(sessionId: string): Promise<void> {
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
          storage.set(sessionId, code === 'storage_full' ? 'full' : 'unavailable');
          offline.delete(sessionId);
        } else {
          offline.add(sessionId);
          storage.delete(sessionId);
        }
        onChange(sessionId);
        scheduleRetry(sessionId);
        return;
      }
      offline.delete(sessionId);
      storage.delete(sessionId);
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
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => void flush(sessionId), 2000);
  }

  return {
    enqueue,
    flush,
    async entries(sessionId: string): Promise<OutboxEntry[]> {
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
        storage: storage.get(sessionId) ?? null,
        sending: flushing.has(sessionId),
      };
    },
    async dismiss(opId: string, sessionId: string) {
      await db.ops.delete(opId);
      onChange(sessionId);
    },
    async saveDraft(sessionId: string, text: string, type: string) {
      if (text === '') await db.drafts.delete(sessionId);
      else await db.drafts.put({ sessionId, text, type, updatedAt: Date.now() });
    },
    async draft(sessionId: string) {
      return db.drafts.get(sessionId);
    },
    stop() {
      clearTimeout(retryTimer);
    },
  };
}
export type Outbox = ReturnType<typeof createOutbox>;
