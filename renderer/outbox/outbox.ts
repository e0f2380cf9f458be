import type { Note, OpInput, OpResult } from '../../shared/domain/notes';
import { ApiError } from '../../shared/api/errors';
import type { ApiClient } from '../api/client';
import type { OutboxDb, OutboxEntry } from './db';
import { createDrafts, draftStartOf, type DraftStart, type NoteDraft } from './drafts';
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

/** Performance marks (User Timing) a benchmark observes: detail is the op's id and kind. */
export const MARK_DURABLE = 'ensemble.outbox.durable';
export const MARK_ACKNOWLEDGED = 'ensemble.outbox.acknowledged';
let marks = 0;
function mark(name: string, entry: OutboxEntry) {
  if (typeof performance === 'undefined' || typeof performance.mark !== 'function') return;
  performance.mark(name, { detail: { opId: entry.opId, kind: entry.op.kind } });
  // Observers were handed each mark as it was made; the page's own list of them stays short.
  if (++marks % 200 === 0) {
    performance.clearMarks(MARK_DURABLE);
    performance.clearMarks(MARK_ACKNOWLEDGED);
  }
}

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
  /**
   * Sessions whose last send found nothing more to send, with nothing enqueued since: the next
   * op is the only one waiting and may go to the host without reading IndexedDB first.
   */
  const idle = new Set<string>();
  /** Sessions whose drafts an earlier version may have kept in IndexedDB were cleared of them. */
  const legacyDraftsCleared = new Set<string>();
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
    // IndexedDB runs read-write transactions on a store in the order they were made: whatever
    // the host's answer later deletes or marks is written after this put, never before it.
    const stored = db.ops.put(entry);
    // When nothing else waits, the op goes to the host now, beside the put rather than after it
    // and a read of what is pending; the journal holds it meanwhile, and the host applies an op
    // id once, so a reload in between sends it again harmlessly.
    const sent = idle.delete(sessionId) && !flushing.has(sessionId);
    if (sent) void flush(sessionId, [entry]);
    await stored;
    mark(MARK_DURABLE, entry);
    if (journaled) journal.drop(entry.opId);
    onChange(sessionId);
    if (!sent) void flush(sessionId);
  }

  const pendingIn = async (sessionId: string) =>
    (
      await db.ops
        .where('[sessionId+seq]')
        .between([sessionId, 0], [sessionId, Infinity])
        .toArray()
    ).filter((e) => e.state === 'pending');

  /** `first`: the batch to send before reading IndexedDB (the op just enqueued, see enqueue). */
  async function sendPending(sessionId: string, first?: OutboxEntry[]): Promise<void> {
    await ready;
    for (let given = first; ; given = undefined) {
      const pending = given ?? (await pendingIn(sessionId));
      if (pending.length === 0) {
        idle.add(sessionId);
        return;
      }
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
      for (const e of batch)
        if (results.some((r) => r.opId === e.opId && r.status !== 'rejected'))
          mark(MARK_ACKNOWLEDGED, e);
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

  function flush(sessionId: string, first?: OutboxEntry[]): Promise<void> {
    const running = flushing.get(sessionId);
    if (running) return running.then(() => flush(sessionId));
    const run = sendPending(sessionId, first).finally(() => flushing.delete(sessionId));
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

  async function entries(sessionId: string): Promise<OutboxEntry[]> {
    await ready;
    return db.ops
      .where('[sessionId+seq]')
      .between([sessionId, 0], [sessionId, Infinity])
      .toArray();
  }

  function stateOf(sessionId: string, all: OutboxEntry[]): SyncState {
    return {
      pending: all.filter((e) => e.state === 'pending').length,
      rejected: all.filter((e) => e.state === 'rejected'),
      offline: offline.has(sessionId),
      storage: hostStorage.get(sessionId) ?? null,
      sending: flushing.has(sessionId),
    };
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
    entries,
    async state(sessionId: string): Promise<SyncState> {
      return stateOf(sessionId, await entries(sessionId));
    },
    /** The entries and the state from one read (what the sync indicator shows). */
    async snapshot(sessionId: string): Promise<{ entries: OutboxEntry[]; state: SyncState }> {
      const all = await entries(sessionId);
      return { entries: all, state: stateOf(sessionId, all) };
    },
    async dismiss(opId: string, sessionId: string) {
      await db.ops.delete(opId);
      onChange(sessionId);
    },
    /**
     * Synchronous (see drafts.ts); IndexedDB only where this device has no localStorage.
     * `start`: who began the draft and when, kept with it so a reload does not lose it.
     */
    saveDraft(sessionId: string, text: string, type: string, start?: DraftStart | null): void {
      const draft: NoteDraft = start ? { text, type, start } : { text, type };
      const kept = drafts.write(sessionId, draft);
      // Drafts of an earlier version were kept in IndexedDB: an empty text clears those too,
      // once (not a transaction per note saved), unless one was kept there since.
      if (text === '') {
        if (!legacyDraftsCleared.has(sessionId)) {
          legacyDraftsCleared.add(sessionId);
          void db.drafts.delete(sessionId).catch(() => legacyDraftsCleared.delete(sessionId));
        }
      } else if (!kept) {
        legacyDraftsCleared.delete(sessionId);
        void db.drafts.put({ sessionId, ...draft, updatedAt: Date.now() });
      }
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
      if (!legacy || legacy.text === '') return null;
      const start = draftStartOf(legacy.start);
      return start
        ? { text: legacy.text, type: legacy.type, start }
        : { text: legacy.text, type: legacy.type };
    },
    stop() {
      for (const timer of retryTimers.values()) clearTimeout(timer);
    },
  };
}
export type Outbox = ReturnType<typeof createOutbox>;
