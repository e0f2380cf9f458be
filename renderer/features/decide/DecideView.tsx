import { useEffect } from 'react';
import { useAppStore } from '../../store';
import { selectSession } from '../../store/openSessionSlice';
import { DecisionHistory } from './DecisionHistory';
import { ExportPanel } from './ExportPanel';
import { RecommendationCard } from './RecommendationCard';
import { RolloutForm } from './RolloutForm';
import { SignForm } from './SignForm';

/** Phase 4: the recommendation and its evidence, the product owner's decision, the exports. */
export function DecideView({ sessionId }: { sessionId: string }) {
  const load = useAppStore((s) => s.loadDebrief);
  const ready = useAppStore((s) => s.openSessionId === sessionId && s.debrief !== null);
  const session = useAppStore(selectSession);
  useEffect(() => {
    void load(sessionId);
  }, [load, sessionId]);
  if (!ready || !session) return <p className="loading">Loading…</p>;
  return (
    <div className="decide">
      <RolloutForm />
      <RecommendationCard sessionId={sessionId} />
      <SignForm ended={session.status === 'ended'} />
      <DecisionHistory />
      <ExportPanel />
    </div>
  );
}
