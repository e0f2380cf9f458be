import { useState } from 'react';
import { OUTCOME_LABELS, OUTCOMES, type Outcome } from '../../../shared/domain/debrief';
import { useAppStore } from '../../store';
import { selectOutcomes } from '../../store/debriefSlice';
import { selectGoals } from '../../store/openSessionSlice';
import { FormError } from '../../components/FormError';

/** Each goal met, partly met, not met or not tested, with a one-line reason; must-goals first. */
export function GoalOutcomes() {
  const goals = useAppStore(selectGoals);
  const outcomes = useAppStore(selectOutcomes);
  const setOutcome = useAppStore((s) => s.setOutcome);
  const [error, setError] = useState<string>();
  const set = async (goalId: string, outcome: Outcome | null, reason: string) => {
    const r = await setOutcome(goalId, outcome, reason);
    setError(r.ok ? undefined : r.message);
  };
  const order = { must: 0, should: 1, could: 2 } as const;
  const sorted = [...goals].sort((a, b) => order[a.priority] - order[b.priority]);
  return (
    <section className="card outcomes" aria-labelledby="outcomes-title">
      <h2 id="outcomes-title">Goal outcomes</h2>
      {goals.length === 0 && <p className="card-hint">The session had no goals.</p>}
      <ul className="outcome-list" aria-label="Goal outcomes">
        {sorted.map((g) => {
          const o = outcomes.find((x) => x.goalId === g.id);
          return (
            <li
              key={g.id}
              id={`goal-${g.id}`}
              className={g.priority === 'must' ? 'must' : ''}
              aria-label={g.title}
            >
              <span className={`priority-tag priority-${g.priority}`}>{g.priority}</span>
              <strong>{g.title}</strong>
              <select
                aria-label={`Outcome of ${g.title}`}
                value={o?.outcome ?? ''}
                onChange={(e) =>
                  void set(g.id, (e.target.value || null) as Outcome | null, o?.reason ?? '')
                }
              >
                <option value="">No outcome yet</option>
                {OUTCOMES.map((x) => (
                  <option key={x} value={x}>
                    {OUTCOME_LABELS[x]}
                  </option>
                ))}
              </select>
              <input
                aria-label={`Reason for ${g.title}`}
                placeholder="Why, in one line"
                maxLength={300}
                disabled={!o}
                key={o?.reason ?? ''}
                defaultValue={o?.reason ?? ''}
                onBlur={(e) =>
                  o && e.target.value !== o.reason && void set(g.id, o.outcome, e.target.value)
                }
              />
            </li>
          );
        })}
      </ul>
      <FormError message={error} />
    </section>
  );
}
