import { errorShareText } from '../../../shared/decision/control';
import { NOTE_TYPE_INFO, type NoteType } from '../../../shared/domain/notes';
import { useAppStore } from '../../store';
import { selectGoals } from '../../store/openSessionSlice';
import { BarChart } from './BarChart';
import { RateSeries } from './RateSeries';

/** Session metrics from the stored run, notes and feeds. */
export function Metrics() {
  const data = useAppStore((s) => s.metrics);
  const goals = useAppStore(selectGoals);
  if (!data) return null;
  const { metrics: m, goalMinutes } = data;
  const e = m.errors;
  return (
    <section className="card metrics" aria-labelledby="metrics-title">
      <h2 id="metrics-title">Metrics</h2>
      <dl className="metric-figures">
        <div>
          <dt>Duration</dt>
          <dd>{m.durationMinutes} min</dd>
        </div>
        <div>
          <dt>Rotations</dt>
          <dd>{m.rotations}</dd>
        </div>
        <div>
          <dt>Breaks</dt>
          <dd>{m.breaks}</dd>
        </div>
        <div>
          <dt>Errors in the session</dt>
          <dd>
            {e.session} ({e.sessionPerMinute}/min)
          </dd>
        </div>
        <div>
          <dt>Baseline before it</dt>
          <dd>
            {e.baselinePerMinute}/min over {e.baselineMinutes} min
          </dd>
        </div>
        <div>
          <dt>Without the flag</dt>
          <dd>
            {e.control
              ? `${e.control.errors} errors in ${e.control.events} events (${errorShareText(e.control.errors, e.control.events)}), same minutes`
              : 'No events of other tenants counted'}
          </dd>
        </div>
        <div>
          <dt>New error groups</dt>
          <dd>{e.newGroups.length}</dd>
        </div>
      </dl>
      <div className="chart-grid">
        <BarChart
          title="Time per goal"
          unit=" min"
          rows={goals.map((g) => ({ label: g.title, value: goalMinutes[g.id] ?? 0 }))}
        />
        <BarChart
          title="Notes by type"
          rows={Object.entries(m.notesByType).map(([type, value]) => ({
            label: NOTE_TYPE_INFO[type as NoteType]?.label ?? type,
            value,
            className: `type-${type}`,
          }))}
        />
        <BarChart
          title="Notes by person"
          rows={m.notesByPerson.map((p) => ({ label: p.name, value: p.count }))}
        />
        <BarChart
          title="Errors per minute"
          rows={[
            { label: 'Baseline', value: e.baselinePerMinute },
            { label: 'Session', value: e.sessionPerMinute, className: 'danger' },
          ]}
        />
      </div>
      <RateSeries rate={e.rate} />
      {e.newGroups.length > 0 && (
        <ul className="new-groups" aria-label="New error groups">
          {e.newGroups.map((g) => (
            <li key={g.groupKey}>
              <span className="badge new">NEW</span> <strong>{g.type}</strong> {g.sample} —{' '}
              {g.count} events
              {g.control > 0 && (
                <>
                  {' '}
                  <span className="badge control">also without the flag ({g.control})</span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
