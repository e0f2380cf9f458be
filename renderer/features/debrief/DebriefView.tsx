import { useEffect } from 'react';
import { useAppStore } from '../../store';
import { selectSession } from '../../store/openSessionSlice';
import { DebriefTexts } from './DebriefTexts';
import { Findings } from './Findings';
import { GoalOutcomes } from './GoalOutcomes';
import { Metrics } from './Metrics';
import { Triage } from './Triage';

/** Phase 3: notes become findings, goals get outcomes, the team writes its debrief. */
export function DebriefView({ sessionId }: { sessionId: string }) {
  const load = useAppStore((s) => s.loadDebrief);
  const debrief = useAppStore((s) => (s.openSessionId === sessionId ? s.debrief : null));
  const session = useAppStore(selectSession);
  useEffect(() => {
    void load(sessionId);
  }, [load, sessionId]);
  if (session?.status === 'draft')
    return (
      <p className="card-hint">
        The debrief starts once the session has run: its bug and risk notes become findings here.
      </p>
    );
  if (!debrief) return <p className="loading">Loading…</p>;
  return (
    <div className="debrief">
      <Triage />
      <Findings />
      <GoalOutcomes />
      <DebriefTexts />
      <Metrics />
    </div>
  );
}
