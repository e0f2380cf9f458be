import { useMemo, useState } from 'react';
import { GOAL_STATUSES, type GoalStatus } from '../../../shared/domain/run';
import { goalTimes } from '../../../shared/run/goalTime';
import { InlineAddForm } from '../../components/InlineAddForm';
import { formatClock, useNow } from '../../lib/time';
import { useAppStore } from '../../store';
import { selectGoals } from '../../store/openSessionSlice';
import { FormError } from '../../components/FormError';
import { selectCan } from '../../store/identitySlice';

const STATUS_LABEL: Record<GoalStatus, string> = {
  'not-started': 'Not started',
  exploring: 'Exploring',
  confident: 'Confident',
  concern: 'Concern',
  blocked: 'Blocked',
};

/** The goals, live: which one the team explores now, how each stands, how long it took. */
export function GoalBoard() {
  const goals = useAppStore(selectGoals);
  const run = useAppStore((s) => s.run)!;
  const events = useAppStore((s) => s.timeline.events);
  const offset = useAppStore((s) => s.clockOffset);
  const command = useAppStore((s) => s.command);
  const setStatus = useAppStore((s) => s.setGoalStatus);
  const addGoal = useAppStore((s) => s.addGoal);
  const now = useNow(1000);
  const times = useMemo(() => goalTimes(events, now + offset), [events, now, offset]);
  const [error, setError] = useState<string>();
  const live = run.status === 'running' || run.status === 'paused';
  const facilitates = useAppStore(selectCan('facilitate'));

  const add = async (title: string) => {
    const result = await addGoal({ title });
    setError(result.ok ? undefined : (result.fields.title ?? result.message));
    return result.ok;
  };

  return (
    <section className="card goal-board" aria-labelledby="board-title">
      <div className="card-header">
        <h2 id="board-title">Goals</h2>
      </div>
      <ul className="board-list" aria-label="Goal board">
        {goals.map((g) => {
          const focused = run.focusGoalId === g.id;
          return (
            <li
              key={g.id}
              className={`board-goal ${focused ? 'focused' : ''} status-${g.status}`}
              aria-label={g.title}
            >
              <button
                type="button"
                className={focused ? 'primary' : ''}
                aria-pressed={focused}
                disabled={!live || !facilitates}
                title={facilitates ? undefined : 'The facilitator sets the focus goal'}
                onClick={() => void command('run.focusGoal', { goalId: focused ? null : g.id })}
              >
                {focused ? 'Focus' : 'Focus on'}
              </button>
              <span className={`priority-tag priority-${g.priority}`}>{g.priority}</span>
              <span className="board-title">
                {g.title}
                {g.addedDuringSession && <span className="badge">added in session</span>}
              </span>
              <span className="board-time" aria-label="Time spent">
                {formatClock(times[g.id] ?? 0)}
              </span>
              <select
                aria-label={`Status of ${g.title}`}
                value={g.status}
                disabled={run.status === 'draft' || run.status === 'ended'}
                onChange={(e) => void setStatus(g.id, e.target.value as GoalStatus)}
              >
                {GOAL_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {STATUS_LABEL[s]}
                  </option>
                ))}
              </select>
            </li>
          );
        })}
      </ul>
      {live && (
        <InlineAddForm
          label="New goal"
          placeholder="A goal that came up during the session"
          submitLabel="Add goal"
          noValidate
          onAdd={add}
        />
      )}
      <FormError message={error} />
    </section>
  );
}
