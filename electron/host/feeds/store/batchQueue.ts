import { randomUUID } from 'node:crypto';
import { CONTROL_ERROR, CONTROL_ERRORS_PER_MINUTE, CONTROL_OVERFLOW } from './control';
import { appendEvent, noColumns, pickColumns, type PendingColumns } from './columns';
import type { ClippedEvent } from './limits';
import type { RedactionSettings } from '../../../../shared/domain/feeds';
import type { Count, SourceMark } from './writes';

/** A sender waiting for its events to be committed (a receiver answers it then, not before). */
export type Ticket = { resolve: () => void; reject: (error: Error) => void };
/** n events in a row of the queue, from one ingest; with a ticket when someone waits for them. */
type Segment = { n: number; ticket: Ticket | null; mark?: SourceMark };

/**
 * Events and counters stored in one transaction. The id is recorded with them, so a batch sent
 * again (its writer died between commit and answer) is recognised and not stored twice.
 */
export type Batch = {
  seq: number;
  id: string;
  /** Its events, a column per field (see columns.ts). */
  pending: PendingColumns;
  segments: Segment[];
  counts: Count[];
  /** Local sources' newest line times among these events (see SourceMark). */
  marks: SourceMark[];
  /** Senders whose events were all counted, not stored: answered with the counters' commit. */
  countTickets: Ticket[];
};

const minuteOf = (t: number) => Math.floor(t / 60_000);

/** The newest mark of each source among these segments. */
function marksOf(segments: readonly Segment[]): SourceMark[] {
  const newest = new Map<string, number>();
  for (const { mark } of segments)
    if (mark && mark[1] > (newest.get(mark[0]) ?? -Infinity)) newest.set(mark[0], mark[1]);
  return [...newest];
}

/**
 * What waits to be stored, in order, cut into batches of at most maxBatch events. One ingest's
 * events always travel in one batch (a larger one alone), so a sender is answered by one commit:
 * stored, or refused and nothing of it stored.
 */
export function createBatchQueue(maxBatch: number) {
  let queue = noColumns();
  /** Events added since the last segment was closed. */
  let open = 0;
  let segments: Segment[] = [];
  let counts = new Map<string, Count>();
  let countTickets: Ticket[] = [];
  /** Batches to send again before anything else: unanswered ones keep their ids. */
  const again: Batch[] = [];
  let againEvents = 0;
  let waiting = 0;
  let seq = 0;
  const idPrefix = randomUUID();
  let made = 0;

  /**
   * The distinct control-group errors of the current minute, capped: each can be kilobytes, and
   * each becomes a row of counts (a flood of distinct errors is counted as one overflow).
   */
  let controlMinute = -1;
  const controlErrors = new Set<string>();

  function count(tenant: string, source: string, time: number, kind: string, n = 1) {
    const minute = minuteOf(time);
    if (kind.startsWith(CONTROL_ERROR)) {
      if (minute !== controlMinute) {
        controlMinute = minute;
        controlErrors.clear();
      }
      if (!controlErrors.has(kind)) {
        if (controlErrors.size >= CONTROL_ERRORS_PER_MINUTE) kind = CONTROL_OVERFLOW;
        else controlErrors.add(kind);
      }
    }
    const key = `${tenant}\u0000${source}\u0000${minute}\u0000${kind}`;
    const c = counts.get(key);
    if (c) c.count += n;
    else counts.set(key, { tenant, source, minute, kind, count: n });
  }

  function sendAgain(batch: Batch) {
    again.push(batch);
    againEvents += batch.pending.length;
  }

  return {
    count,
    /** Events waiting, not counting those handed out. */
    events: () => queue.length + againEvents,
    hasWork: () => queue.length > 0 || counts.size > 0 || again.length > 0,
    /** A full batch (or one to send again) is ready. */
    ready: () => queue.length >= maxBatch || again.length > 0,
    /** Someone waits for events still in the queue. */
    waiting: () => waiting > 0,
    /** Add one event of an ingest (close the ingest's segment with push). */
    add(
      clipped: ClippedEvent,
      tenant: string,
      source: string,
      receivedAt: number,
      redaction: Partial<RedactionSettings>,
    ) {
      appendEvent(queue, clipped, tenant, source, receivedAt, redaction);
      open++;
    },
    /** Forget the events added since the last push (an ingest that failed half way stores nothing). */
    abandon() {
      if (open > 0) queue = pickColumns(queue, [[0, queue.length - open]]);
      open = 0;
    },
    /**
     * Queue the ingest's events added since; with a ticket, it is settled when they are committed;
     * a source's mark is stored with these events, in the same batch.
     */
    push(ticket: Ticket | null, mark?: SourceMark) {
      if (open > 0) {
        segments.push(mark ? { n: open, ticket, mark } : { n: open, ticket });
        open = 0;
        if (ticket) waiting++;
      } else if (ticket) {
        countTickets.push(ticket);
        waiting++;
      }
    },
    take(): Batch {
      const resent = again.shift();
      if (resent) {
        againEvents -= resent.pending.length;
        return { ...resent, seq: ++seq };
      }
      let n = 0;
      let k = 0;
      while (k < segments.length && (k === 0 || n + segments[k]!.n <= maxBatch))
        n += segments[k++]!.n;
      const taken = segments.slice(0, k);
      segments = segments.slice(k);
      const pending = n === queue.length ? queue : pickColumns(queue, [[0, n]]);
      queue = pending === queue ? noColumns() : pickColumns(queue, [[n, queue.length]]);
      const batch: Batch = {
        seq: ++seq,
        id: `${idPrefix}:${++made}`,
        pending,
        segments: taken,
        counts: [...counts.values()],
        marks: marksOf(taken),
        countTickets,
      };
      counts = new Map();
      countTickets = [];
      for (const s of taken) if (s.ticket) waiting--;
      waiting -= batch.countTickets.length;
      return batch;
    },
    /** Batches handed out and never answered: sent again first, whole, with the same ids. */
    resend(batches: Batch[]) {
      for (const b of batches) sendAgain(b);
    },
    /** The batch is committed: its senders are answered. */
    stored(batch: Batch) {
      for (const s of batch.segments) s.ticket?.resolve();
      for (const t of batch.countTickets) t.resolve();
    },
    /**
     * The batch was not stored. Its waiting senders are refused with the error (nothing of theirs
     * is kept: they send again); the rest (sources that do not wait, counters) is tried again.
     */
    failed(batch: Batch, error: Error) {
      const ranges: Array<[number, number]> = [];
      const segmentsKept: Segment[] = [];
      let at = 0;
      for (const s of batch.segments) {
        if (s.ticket) s.ticket.reject(error);
        else {
          ranges.push([at, at + s.n]);
          segmentsKept.push(s);
        }
        at += s.n;
      }
      const kept = pickColumns(batch.pending, ranges);
      for (const t of batch.countTickets) t.reject(error);
      if (kept.length > 0 || batch.counts.length > 0)
        sendAgain({
          ...batch,
          pending: kept,
          segments: segmentsKept,
          marks: marksOf(segmentsKept),
          countTickets: [],
        });
    },
  };
}
export type BatchQueue = ReturnType<typeof createBatchQueue>;
