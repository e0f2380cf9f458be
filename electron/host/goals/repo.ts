import type { Db } from '../db/database';
import { newId, nowIso } from '../db/ids';
import { createOrderedRows } from '../db/orderedRows';
import { patchAssignments } from '../db/patch';
import type { Goal, GoalFields, GoalVote } from '../../../shared/domain/goals';

type GoalRow = {
  id: string;
  session_id: string;
  title: string;
  detail: string;
  priority: Goal['priority'];
  owner: string;
  position: number;
  status: Goal['status'];
  added_during_session: number;
  created_at: string;
};
type VoteRow = { goal_id: string; participant_id: string; dots: number };

export function createGoalRepo(db: Db) {
  const rows = createOrderedRows(db, 'goals');
  const byId = db.prepare<[string], GoalRow>('SELECT * FROM goals WHERE id = ?');
  const bySession = db.prepare<[string], GoalRow>(
    'SELECT * FROM goals WHERE session_id = ? ORDER BY position, id',
  );
  const votesOfGoal = db.prepare<[string], VoteRow>(
    'SELECT * FROM goal_votes WHERE goal_id = ? ORDER BY participant_id',
  );
  const votesOfSession = db.prepare<[string], VoteRow>(
    `SELECT v.* FROM goal_votes v JOIN goals g ON g.id = v.goal_id
     WHERE g.session_id = ? ORDER BY v.participant_id`,
  );
  const insert = db.prepare(
    `INSERT INTO goals (id, session_id, title, detail, priority, owner, position, added_during_session, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const dotsUsed = db.prepare<[string], { n: number }>(
    'SELECT COALESCE(SUM(dots), 0) AS n FROM goal_votes WHERE participant_id = ?',
  );
  const dotsOn = db.prepare<[string, string], { dots: number }>(
    'SELECT dots FROM goal_votes WHERE goal_id = ? AND participant_id = ?',
  );
  const upsertVote = db.prepare(
    `INSERT INTO goal_votes (goal_id, participant_id, dots) VALUES (?, ?, ?)
     ON CONFLICT (goal_id, participant_id) DO UPDATE SET dots = excluded.dots`,
  );
  const setStatus = db.prepare('UPDATE goals SET status = ?, updated_at = ? WHERE id = ?');
  const deleteVote = db.prepare('DELETE FROM goal_votes WHERE goal_id = ? AND participant_id = ?');

  const toGoal = (r: GoalRow, votes: GoalVote[]): Goal => ({
    id: r.id,
    sessionId: r.session_id,
    title: r.title,
    detail: r.detail,
    priority: r.priority,
    owner: r.owner,
    votes,
    status: r.status,
    addedDuringSession: r.added_during_session === 1,
    createdAt: r.created_at,
  });
  const toVote = (v: VoteRow): GoalVote => ({ participantId: v.participant_id, dots: v.dots });

  return {
    countBySession: rows.countBySession,
    setOrder: rows.setOrder,
    remove: rows.remove,
    get(id: string): Goal | undefined {
      const row = byId.get(id);
      return row && toGoal(row, votesOfGoal.all(id).map(toVote));
    },
    list(sessionId: string): Goal[] {
      const votes = new Map<string, GoalVote[]>();
      for (const v of votesOfSession.all(sessionId)) {
        const list = votes.get(v.goal_id) ?? [];
        list.push(toVote(v));
        votes.set(v.goal_id, list);
      }
      return bySession.all(sessionId).map((r) => toGoal(r, votes.get(r.id) ?? []));
    },
    insert(sessionId: string, fields: GoalFields, addedDuringSession = false): Goal {
      const id = newId();
      const now = nowIso();
      insert.run(
        id,
        sessionId,
        fields.title,
        fields.detail,
        fields.priority,
        fields.owner,
        rows.nextPosition(sessionId),
        addedDuringSession ? 1 : 0,
        now,
        now,
      );
      return this.get(id)!;
    },
    update(id: string, patch: Partial<GoalFields>): Goal {
      const set = patchAssignments(patch);
      if (set)
        db.prepare(`UPDATE goals SET ${set.sets}, updated_at = @updatedAt WHERE id = @id`).run({
          ...set.values,
          updatedAt: nowIso(),
          id,
        });
      return this.get(id)!;
    },
    setStatus(id: string, status: Goal['status']) {
      setStatus.run(status, nowIso(), id);
    },
    dotsUsedBy(participantId: string): number {
      return dotsUsed.get(participantId)!.n;
    },
    dotsOn(goalId: string, participantId: string): number {
      return dotsOn.get(goalId, participantId)?.dots ?? 0;
    },
    setDots(goalId: string, participantId: string, dots: number) {
      if (dots > 0) upsertVote.run(goalId, participantId, dots);
      else deleteVote.run(goalId, participantId);
    },
  };
}

export type GoalRepo = ReturnType<typeof createGoalRepo>;
