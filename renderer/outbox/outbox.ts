import type { Note, OpInput, OpResult } from '../../shared/domain/notes';
import { ApiError } from '../../shared/api/errors';
import type { ApiClient, Receipt } from '../api/client';
import type { OutboxDb, OutboxEntry } from './db';
import { createDrafts, draftStartOf, type DraftStart, type NoteDraft } from './drafts';
import { createJournal, deviceStorage, type SyncStorage } from './journal';
import { atOrNow, MARK_ACKNOWLEDGED, MARK_DURABLE, MARK_KEPT, MARK_SENT, markOp } from './marks';

export type SyncState = {
  pending: number;
  rejected: OutboxEntry[];
  offline: boolean;
  /** The host could not save (its disk is full, or not writable): the notes wait here meanwhile. */
  storage: 'full' | 'unavailable' | null;
  sending: boolean;
};

/** Ops sent in one call at most. */
const BATCH = 100;

/** Answers that mean "not now": the batch stays in the outbox and is sent again. */
const KEEP: ReadonlySet<string> = new Set([
  'unavailable',
  'internal',
  'storage_full',
  'storage_unavailable',
]);

/** A call's promise, with a synchronous throw turned into its rejection. */
function attempt<T>(call: () => Promise<T>): Promise<T> {
  try {
    return call();
  } catch (error) {
    return Promise.reject(error as Error);
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
  /**
   * How a new op is put in IndexedDB: on a worker's thread in the app (offThread.ts), resolving
   * with the epoch ms of its commit; here by default.
   */
  putOp: (entry: OutboxEntry) => Promise<number | void> = async (entry) => {
    await db.ops.put(entry);
  },
) {
  let seq = Date.now() * 1000;
  const flushing = new Map<string, Promise<void>>();
  const offline = new Set<string>();
  /** Sessions whose notes the host could not save (its disk is full, or not writable). */
  const hostStorage = new Map<string, 'full' | 'unavailable'>();
  const retryTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Ops enqueued on this page and not sent yet, per session, in writing order. */
  const queued = new Map<string, OutboxEntry[]>();
  /**
   * Sessions whose pending ops in IndexedDB are all in `queued` or in the batch being sent: the
   * queued ones can be sent without reading IndexedDB first.
   */
  const known = new Set<string>();
  /** Sessions whose drafts an earlier version may have kept in IndexedDB were cleared of them. */
  const legacyDraftsCleared = new Set<string>();
  const journal = createJournal(storage);
  const drafts = createDrafts(storage);
  /**
   * This page's copy of what IndexedDB holds, every session: read once at start (and again on
   * reconnect), then changed together with each write this page makes. The sync indicator and
   * the sender read it, so no read transaction is open on the store when a note is written:
   * IndexedDB runs a write only after the reads begun before it, and each of those waits for
   * the page's busy main thread.
   */
  const mirror = new Map<string, OutboxEntry>();
  /** Puts not yet committed: what this page writes of an op next (its removal) waits for it. */
  const storing = new Map<string, Promise<unknown>>();
  const afterStored = (opIds: string[]) =>
    Promise.all(opIds.map((id) => storing.get(id))).then(() => {});
  /** Removed here while a read of IndexedDB was on its way: that read must not bring them back. */
  let removedDuringRead: Set<string> | null = null;
  const remove = (opIds: string[]) => {
    for (const id of opIds) {
      mirror.delete(id);
      removedDuringRead?.add(id);
    }
  };
  /** Adds what IndexedDB has and this page does not know of (another page's, a closed one's). */
  async function readStore(): Promise<void> {
    const removed = new Set<string>();
    removedDuringRead = removed;
    try {
      for (const e of await db.ops.toArray())
        if (!mirror.has(e.opId) && !removed.has(e.opId)) mirror.set(e.opId, e);
    } finally {
      if (removedDuringRead === removed) removedDuringRead = null;
    }
  }

  // Operations a page left in the journal when it went away before IndexedDB had them.
  const ready = (async () => {
    const left = journal.leftBehind();
    for (const e of left) mirror.set(e.opId, e);
    if (left.length > 0) {
      try {
        await db.ops.bulkPut(left);
        for (const e of left) journal.drop(e.opId);
        seq = Math.max(seq, ...left.map((e) => e.seq));
      } catch (error) {
        console.error('[ensemble] could not move kept notes to IndexedDB', error);
      }
    }
    try {
      await readStore();
    } catch (error) {
      // No IndexedDB at all (a test without one): nothing was kept here to read.
      if ((error as Error | null)?.name !== 'MissingAPIError')
        console.error('[ensemble] could not read the notes kept on this device', error);
    }
  })();

  /**
   * The journal write happens synchronously, in the caller's task (the key press): a reload
   * right after cannot lose the operation. The op goes to the host at once, beside IndexedDB's
   * write rather than after it: the journal holds it meanwhile, and the host applies an op id
   * once, so a reload in between sends it again harmlessly. The promise resolves once IndexedDB
   * has it.
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
    // The put is asked for first (on the worker it starts at once), then the journal is written,
    // still in this task: no reload can come between them.
    // The delete or the refusal the host's answer writes waits for this put (afterStored).
    const stored = attempt(() => putOp(entry));
    const journaled = journal.keep(entry);
    if (journaled) markOp(MARK_KEPT, entry);
    const settled = stored.catch(() => {}).finally(() => storing.delete(entry.opId));
    storing.set(entry.opId, settled);
    mirror.set(entry.opId, entry);
    queued.set(sessionId, [...(queued.get(sessionId) ?? []), entry]);
    void flush(sessionId);
    markOp(MARK_DURABLE, entry, atOrNow(await stored));
    if (journaled) journal.drop(entry.opId);
    onChange(sessionId);
  }

  const pendingIn = async (sessionId: string) =>
    (await entries(sessionId)).filter((e) => e.state === 'pending');

  /** The next batch: this page's queued ops when nothing else is pending, else what IndexedDB has. */
  async function nextBatch(sessionId: string): Promise<OutboxEntry[]> {
    const mine = queued.get(sessionId) ?? [];
    if (known.has(sessionId) && mine.length > 0) {
      queued.set(sessionId, mine.slice(BATCH));
      return mine.slice(0, BATCH);
    }
    const pending = await pendingIn(sessionId);
    // The read saw every op queued before it; those queued since stay queued, after these.
    const seen = new Set(pending.map((e) => e.opId));
    queued.set(
      sessionId,
      (queued.get(sessionId) ?? []).filter((e) => !seen.has(e.opId)),
    );
    if (pending.length <= BATCH) known.add(sessionId);
    else known.delete(sessionId);
    return pending.slice(0, BATCH);
  }

  async function sendPending(sessionId: string): Promise<void> {
    await ready;
    /** The previous answer's writes to IndexedDB: the next send need not wait for them. */
    let settling: Promise<unknown> = Promise.resolve();
    try {
      for (;;) {
        const batch = await nextBatch(sessionId);
        if (batch.length === 0) return;
        let results: OpResult[];
        let notes: Note[];
        const receipt: Receipt = {};
        try {
          for (const e of batch) markOp(MARK_SENT, e);
          ({ results, notes } = await client.call(
            'notes.apply',
            { sessionId, ops: batch.map((e) => e.op) },
            receipt,
          ));
        } catch (error) {
          if (error instanceof ApiError && !KEEP.has(error.code)) {
            // The whole batch was refused as malformed: keep it, visibly, rather than drop it.
            const rejected = batch.map((e) => ({
              ...e,
              state: 'rejected' as const,
              error: error.message,
            }));
            for (const e of rejected) mirror.set(e.opId, e);
            await afterStored(rejected.map((e) => e.opId));
            await db.ops.bulkPut(rejected);
            onChange(sessionId);
            continue;
          }
          // Sent again later, from IndexedDB (the queued ops are there, or in the journal).
          known.delete(sessionId);
          queued.delete(sessionId);
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
        const refused = new Map(
          results.filter((r) => r.status === 'rejected').map((r) => [r.opId, r.error]),
        );
        // When the answer was read where it was received (the call worker), as durable's time is.
        const answered = atOrNow(receipt.answeredAt);
        for (const e of batch) if (!refused.has(e.opId)) markOp(MARK_ACKNOWLEDGED, e, answered);
        if (notes.length > 0) onNotes(sessionId, notes);
        // Made now, so ordered before any later read; not awaited before the next send.
        const done = results.filter((r) => r.status !== 'rejected').map((r) => r.opId);
        remove(done);
        for (const [opId, reason] of refused) {
          const e = mirror.get(opId);
          if (e)
            mirror.set(opId, { ...e, state: 'rejected', error: reason ?? 'Refused by the host' });
        }
        const written = afterStored(batch.map((e) => e.opId))
          .then(() =>
            Promise.all([
              db.ops.bulkDelete(done),
              refused.size === 0
                ? null
                : db.ops.bulkUpdate(
                    [...refused].map(([key, error]) => ({
                      key,
                      changes: { state: 'rejected', error: error ?? 'Refused by the host' },
                    })),
                  ),
            ]),
          )
          .then(() => onChange(sessionId));
        settling = Promise.all([settling, written]);
      }
    } finally {
      await settling;
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

  async function entries(sessionId: string): Promise<OutboxEntry[]> {
    await ready;
    return [...mirror.values()]
      .filter((e) => e.sessionId === sessionId)
      .sort((a, b) => a.seq - b.seq);
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
      // What other pages of this device kept meanwhile (one that closed offline) goes too.
      await readStore().catch(() => {});
      const sessions = new Set([...mirror.values()].map((e) => e.sessionId));
      for (const id of sessions) known.delete(id);
      await Promise.all([...sessions].map((id) => flush(id)));
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
      await ready;
      remove([opId]);
      await afterStored([opId]);
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
