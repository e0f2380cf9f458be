import { useEffect } from 'react';
import { DebriefView } from '../debrief/DebriefView';
import { DecideView } from '../decide/DecideView';
import { PrepareView } from '../prepare/PrepareView';
import { RunView } from '../run/RunView';
import { useAppStore } from '../../store';
import { selectSession } from '../../store/openSessionSlice';
import { PHASES, type Phase } from '../../store/uiSlice';
import { selectPerson } from '../../store/identitySlice';

const PHASE_LABELS: Record<Phase, string> = {
  prepare: 'Prepare',
  run: 'Run',
  debrief: 'Debrief',
  decide: 'Decide',
};
export function SessionView({ id, phase }: { id: string; phase: Phase }) {
  const session = useAppStore(selectSession);
  const state = useAppStore((s) => s.detailState);
  const load = useAppStore((s) => s.loadSession);
  const navigate = useAppStore((s) => s.navigate);
  const person = useAppStore(selectPerson);

  useEffect(() => {
    void load(id);
  }, [id, load]);

  if (state === 'not-found') {
    return (
      <section className="page">
        <h1>Session not found</h1>
        <p>It may have been deleted, here or by someone else.</p>
        <button type="button" onClick={() => navigate({ name: 'sessions' })}>
          Back to sessions
        </button>
      </section>
    );
  }
  if (!session || session.id !== id) return <p className="page loading">Loading…</p>;

  return (
    <section className="page" aria-labelledby="session-title">
      <div className="page-header">
        <div>
          {!person && (
            <a
              href="#/"
              className="back"
              onClick={(e) => {
                e.preventDefault();
                navigate({ name: 'sessions' });
              }}
            >
              ← Sessions
            </a>
          )}
          <h1 id="session-title">{session.title}</h1>
        </div>
        <span className={`status status-${session.status}`}>{session.status}</span>
      </div>
      <nav className="phases" aria-label="Phases">
        {PHASES.map((p, i) => (
          <a
            key={p}
            href={`#/sessions/${id}/${p}`}
            aria-current={p === phase ? 'page' : undefined}
            onClick={(e) => {
              e.preventDefault();
              navigate({ name: 'session', id, phase: p });
            }}
          >
            <span className="phase-number">{i + 1}</span> {PHASE_LABELS[p]}
          </a>
        ))}
      </nav>
      {phase === 'prepare' ? (
        <PrepareView />
      ) : phase === 'run' ? (
        <RunView sessionId={id} />
      ) : phase === 'debrief' ? (
        <DebriefView sessionId={id} />
      ) : (
        <DecideView sessionId={id} />
      )}
    </section>
  );
}
