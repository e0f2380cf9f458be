import type { Db } from '../db/database';
import { newId } from '../db/ids';
import type { EventPayloads, SessionEvent, SessionEventType } from '../../../shared/domain/run';

type EventRow = {
  id: string;
  seq: number;
  at: number;
  type: SessionEventType;
  payload: string;
  actor_id: string | null;
};

/** The append-only log of what happened in a session. */
export function createEventRepo(db: Db) {
  const list = db.prepare<[string], EventRow>(
    'SELECT id, seq, at, type, payload, actor_id FROM session_events WHERE session_id = ? ORDER BY seq',
  );
  const lastSeq = db.prepare<[string], { s: number | null }>(
    'SELECT MAX(seq) AS s FROM session_events WHERE session_id = ?',
  );
  const insert = db.prepare(
    'INSERT INTO session_events (id, session_id, seq, at, type, payload, actor_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const startAndEnd = db.prepare<
    [string],
    { session_id: string; started: number | null; ended: number | null }
  >(
    `SELECT session_id,
       MIN(CASE WHEN type = 'session.started' THEN at END) AS started,
       MIN(CASE WHEN type = 'session.ended' THEN at END) AS ended
     FROM session_events
     WHERE session_id IN (SELECT value FROM json_each(?)) AND type IN ('session.started', 'session.ended')
     GROUP BY session_id`,
  );

  return {
    list(sessionId: string): SessionEvent[] {
      return list.all(sessionId).map(
        (r) =>
          ({
            id: r.id,
            seq: r.seq,
            at: r.at,
            type: r.type,
            payload: JSON.parse(r.payload),
            actorId: r.actor_id,
          }) as SessionEvent,
      );
    },
    /** Append one event (callers wrap multi-row writes in a transaction). */
    append<T extends SessionEventType>(
      sessionId: string,
      type: T,
      payload: EventPayloads[T],
      at: number,
      actorId: string | null = null,
    ): SessionEvent {
      const seq = (lastSeq.get(sessionId)!.s ?? 0) + 1;
      const id = newId();
      insert.run(id, sessionId, seq, at, type, JSON.stringify(payload), actorId);
      return { id, seq, at, type, payload, actorId } as SessionEvent;
    },
    /**
     * When each of these sessions first started and first ended (null: not yet), for many
     * sessions in one query; sessions with neither event are left out.
     */
    startAndEnd(
      sessionIds: readonly string[],
    ): Map<string, { started: number | null; ended: number | null }> {
      const rows = sessionIds.length === 0 ? [] : startAndEnd.all(JSON.stringify(sessionIds));
      return new Map(rows.map((r) => [r.session_id, { started: r.started, ended: r.ended }]));
    },
  };
}
export type EventRepo = ReturnType<typeof createEventRepo>;
