import { recommendationLine } from '../../../shared/decision/summary';
import { type EvidenceRef } from '../../../shared/domain/decision';
import { useAppStore } from '../../store';
import { selectStages } from '../../store/debriefSlice';

const RESULT_LABEL = { pass: 'Pass', fail: 'Fail', inconclusive: 'Inconclusive' } as const;

/** The recommendation, each check with its result, its evidence one click away, and the thresholds. */
export function RecommendationCard({ sessionId }: { sessionId: string }) {
  const rec = useAppStore((s) => s.recommendation);
  const stages = useAppStore(selectStages);
  const navigate = useAppStore((s) => s.navigate);
  const setFeedFilter = useAppStore((s) => s.setFeedFilter);
  if (!rec) return null;
  const label = (key: string | null) => stages.find((s) => s.key === key)?.label ?? key ?? '';
  const open = (e: EvidenceRef) => {
    if (e.kind === 'finding' || e.kind === 'goal') {
      navigate({ name: 'session', id: sessionId, phase: 'debrief' });
      setTimeout(() => document.getElementById(`${e.kind}-${e.id}`)?.scrollIntoView(), 300);
    } else if (e.kind === 'error-group') {
      navigate({ name: 'session', id: sessionId, phase: 'run' });
      void setFeedFilter({ groupKey: e.groupKey });
    } else navigate({ name: 'session', id: sessionId, phase: 'run' });
  };
  const t = rec.thresholds;
  return (
    <section className="card recommendation" aria-labelledby="rec-title">
      <div className="card-header">
        <h2 id="rec-title">Recommendation</h2>
        <span className={`verdict verdict-${rec.verdict}`} role="status">
          {recommendationLine(rec, label)}
        </span>
      </div>
      <ul className="reasons">
        {rec.reasons.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
      <table className="checks" aria-label="Checks">
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col">Result</th>
            <th scope="col">Why</th>
            <th scope="col">Evidence</th>
          </tr>
        </thead>
        <tbody>
          {rec.checks.map((c) => (
            <tr key={c.id} className={`check-${c.result}`}>
              <th scope="row">
                {c.label}
                {c.critical && <span className="badge">critical</span>}
              </th>
              <td>
                <span className={`badge result-${c.result}`}>{RESULT_LABEL[c.result]}</span>
              </td>
              <td>{c.detail}</td>
              <td>
                {c.evidence.map((e) => (
                  <button
                    key={JSON.stringify(e)}
                    type="button"
                    className="link"
                    onClick={() => open(e)}
                  >
                    {e.label}
                  </button>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="card-hint">
        Thresholds: a new error group fails at {t.newGroupMinEvents} events; the error rate may be
        {` ${t.errorRateFactor}`}× the baseline; Pass ≥ {t.passScore}, Marginal ≥ {t.marginalScore}.
        {t.minRunningMinutes !== undefined &&
          ` A session needs ${t.minRunningMinutes} min of running time and events from its tenant.`}{' '}
        A critical check failing makes the score 0; one without data makes the recommendation
        Inconclusive (hold).
      </p>
    </section>
  );
}
