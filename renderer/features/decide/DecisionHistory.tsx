import { recommendationLine } from '../../../shared/decision/summary';
import { ACTION_LABELS } from '../../../shared/domain/decision';
import { useAppStore } from '../../store';
import { selectStages } from '../../store/debriefSlice';

/** Every signed version, newest first; none is ever changed. */
export function DecisionHistory() {
  const decisions = useAppStore((s) => s.decisions);
  const stages = useAppStore(selectStages);
  if (decisions.length === 0) return null;
  const label = (key: string | null) => stages.find((s) => s.key === key)?.label ?? key ?? '';
  return (
    <section className="card history" aria-labelledby="history-title">
      <h2 id="history-title">Signed decisions</h2>
      <ol className="decision-list" aria-label="Signed decisions" reversed>
        {[...decisions].reverse().map((d) => (
          <li key={d.id} aria-label={`Version ${d.version}`}>
            <strong>
              Version {d.version}: {ACTION_LABELS[d.action]}
              {d.toStage ? ` to ${label(d.toStage)}` : ` at ${label(d.fromStage)}`}
            </strong>{' '}
            — signed by {d.approverName}, {new Date(d.signedAt).toLocaleString()}
            {d.disagrees && (
              <span className="badge disagree">
                disagrees with the recommendation ({recommendationLine(d.recommendation, label)})
              </span>
            )}
            <p>{d.rationale}</p>
            {d.conditions.length > 0 && (
              <ul aria-label="Conditions">
                {d.conditions.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
