import {
  EMPTY_DEBRIEF,
  type DebriefText,
  type Finding,
  type FindingFields,
  type GoalOutcome,
} from '../../../shared/domain/debrief';
import { DEFAULT_ROLLOUT, RolloutSettings, type Decision } from '../../../shared/domain/decision';
import type { DecisionRecordV1 } from '../../../shared/domain/record';
import type { Db } from '../db/database';
import { newId } from '../db/ids';

type FindingRow = {
  id: string;
  session_id: string;
  number: number;
  title: string;
  description: string;
  type: Finding['type'];
  severity: Finding['severity'];
  goal_id: string | null;
  owner_id: string | null;
  status: Finding['status'];
  note_ids: string;
  evidence: string;
  merged_into: string | null;
  created_at: number;
  updated_at: number;
};
const toFinding = (r: FindingRow): Finding => ({
  id: r.id,
  sessionId: r.session_id,
  number: r.number,
  title: r.title,
  description: r.description,
  type: r.type,
  severity: r.severity,
  goalId: r.goal_id,
  ownerId: r.owner_id,
  status: r.status,
  noteIds: JSON.parse(r.note_ids),
  evidence: JSON.parse(r.evidence),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Findings, goal outcomes, the debrief texts, rollout settings and signed decisions. */
export function createDebriefRepo(db: Db) {
  const findingById = db.prepare<[string], FindingRow>(
    'SELECT * FROM findings WHERE id = ? AND merged_into IS NULL AND deleted_at IS NULL',
  );
  const findingsOf = db.prepare<[string], FindingRow>(
    'SELECT * FROM findings WHERE session_id = ? AND merged_into IS NULL AND deleted_at IS NULL ORDER BY number',
  );
  const debriefRow = db.prepare<
    [string],
    { text: string; rollout: string; dismissed_notes: string }
  >('SELECT text, rollout, dismissed_notes FROM debriefs WHERE session_id = ?');
  const ensureDebrief = db.prepare(
    'INSERT INTO debriefs (session_id, updated_at) VALUES (?, ?) ON CONFLICT (session_id) DO NOTHING',
  );

  const writeFinding = (id: string, f: FindingFields, now: number) =>
    db
      .prepare(
        `UPDATE findings SET title = @title, description = @description, type = @type, severity = @severity,
           goal_id = @goalId, owner_id = @ownerId, status = @status, note_ids = @noteIds, evidence = @evidence,
           updated_at = @now WHERE id = @id`,
      )
      .run({
        ...f,
        noteIds: JSON.stringify(f.noteIds),
        evidence: JSON.stringify(f.evidence),
        now,
        id,
      });

  const debrief = (sessionId: string) => {
    const row = debriefRow.get(sessionId);
    const rollout = RolloutSettings.safeParse(row ? JSON.parse(row.rollout) : {});
    return {
      text: { ...EMPTY_DEBRIEF, ...(row ? (JSON.parse(row.text) as Partial<DebriefText>) : {}) },
      rollout: rollout.success ? rollout.data : DEFAULT_ROLLOUT,
      dismissedNotes: row ? (JSON.parse(row.dismissed_notes) as string[]) : [],
    };
  };
  const setDebrief = (
    sessionId: string,
    column: 'text' | 'rollout' | 'dismissed_notes',
    value: unknown,
    now: number,
  ) => {
    ensureDebrief.run(sessionId, now);
    db.prepare(`UPDATE debriefs SET ${column} = ?, updated_at = ? WHERE session_id = ?`).run(
      JSON.stringify(value),
      now,
      sessionId,
    );
  };

  return {
    findings: (sessionId: string) => findingsOf.all(sessionId).map(toFinding),
    finding: (id: string) => {
      const r = findingById.get(id);
      return r && toFinding(r);
    },
    createFinding(sessionId: string, f: FindingFields, now: number): Finding {
      const id = newId();
      const { n } = db
        .prepare<[string], { n: number }>(
          'SELECT COALESCE(MAX(number), 0) + 1 AS n FROM findings WHERE session_id = ?',
        )
        .get(sessionId)!;
      db.prepare(
        `INSERT INTO findings (id, session_id, number, title, type, severity, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(id, sessionId, n, f.title, f.type, f.severity, f.status, now, now);
      writeFinding(id, f, now);
      return toFinding(findingById.get(id)!);
    },
    updateFinding(id: string, f: FindingFields, now: number): Finding {
      writeFinding(id, f, now);
      return toFinding(findingById.get(id)!);
    },
    /** Kept, hidden, so its number is never given to another finding. */
    deleteFinding: (id: string, now: number) =>
      db
        .prepare('UPDATE findings SET deleted_at = ?, updated_at = ? WHERE id = ?')
        .run(now, now, id),
    /** The sources stay, marked as merged, so "F-3 was merged into F-1" can still be told. */
    markMerged: (id: string, into: string, now: number) =>
      db
        .prepare('UPDATE findings SET merged_into = ?, updated_at = ? WHERE id = ?')
        .run(into, now, id),
    outcomes: (sessionId: string): GoalOutcome[] =>
      db
        .prepare<[string], { goal_id: string; outcome: GoalOutcome['outcome']; reason: string }>(
          'SELECT goal_id, outcome, reason FROM goal_outcomes WHERE session_id = ?',
        )
        .all(sessionId)
        .map((r) => ({ goalId: r.goal_id, outcome: r.outcome, reason: r.reason })),
    setOutcome(sessionId: string, o: GoalOutcome, now: number) {
      db.prepare(
        `INSERT INTO goal_outcomes (goal_id, session_id, outcome, reason, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (goal_id) DO UPDATE SET outcome = excluded.outcome, reason = excluded.reason, updated_at = excluded.updated_at`,
      ).run(o.goalId, sessionId, o.outcome, o.reason, now);
    },
    clearOutcome: (goalId: string) =>
      db.prepare('DELETE FROM goal_outcomes WHERE goal_id = ?').run(goalId),
    debrief,
    setText: (sessionId: string, text: DebriefText, now: number) =>
      setDebrief(sessionId, 'text', text, now),
    setRollout: (sessionId: string, rollout: RolloutSettings, now: number) =>
      setDebrief(sessionId, 'rollout', rollout, now),
    setDismissed: (sessionId: string, ids: string[], now: number) =>
      setDebrief(sessionId, 'dismissed_notes', ids, now),
    decisions: (sessionId: string): Decision[] =>
      db
        .prepare<[string], { record: string }>(
          'SELECT record FROM decisions WHERE session_id = ? ORDER BY version',
        )
        .all(sessionId)
        .map((r) => JSON.parse(r.record) as Decision),
    insertDecision: (d: Decision, snapshot: DecisionRecordV1) =>
      db
        .prepare(
          'INSERT INTO decisions (id, session_id, version, record, signed_at, snapshot) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(d.id, d.sessionId, d.version, JSON.stringify(d), d.signedAt, JSON.stringify(snapshot)),
    /** The decision record as it stood when this version was signed. */
    snapshot: (decisionId: string): DecisionRecordV1 | null => {
      const row = db
        .prepare<[string], { snapshot: string | null }>(
          'SELECT snapshot FROM decisions WHERE id = ?',
        )
        .get(decisionId);
      return row?.snapshot ? (JSON.parse(row.snapshot) as DecisionRecordV1) : null;
    },
  };
}
export type DebriefRepo = ReturnType<typeof createDebriefRepo>;
