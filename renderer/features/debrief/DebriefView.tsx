import { useEffect } from 'react';
import { useAppStore } from '../../store';
import { selectSession } from '../../store/openSessionSlice';
import { DebriefTexts } from './DebriefTexts';
import { Findings } from './Findings';
import { GoalOutcomes } from './GoalOutcomes';
import { Metrics } from './Metrics';
import { Triage } from './Triage';
import { selectCan } from '../../store/identitySlice';

/** Phase 3: notes become findings, goals get outcomes, the team writes its debrief. */
export function DebriefView({ sessionId }: { sessionId: string }) {
  const load = useAppStore((s) => s.loadDebrief);
  const debrief = useAppStore((s) => (s.openSessionId === sessionId ? s.debrief : null));
  const session = useAppStore(selectSession);
  const facilitates = useAppStore(selectCan('facilitate'));
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
      {!facilitates && (
        <p className="notice" role="note">
          The facilitator leads the debrief; you see it as it stands.
        </p>
      )}
      <fieldset disabled={!facilitates} className="plain">
        <Triage />
        <Findings />
        <GoalOutcomes />
        <DebriefTexts />
      </fieldset>
      <Metrics />
    </div>
  );
}
