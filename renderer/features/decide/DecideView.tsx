import { useEffect } from 'react';
import { useAppStore } from '../../store';
import { selectSession } from '../../store/openSessionSlice';
import { DecisionHistory } from './DecisionHistory';
import { ExportPanel } from './ExportPanel';
import { RecommendationCard } from './RecommendationCard';
import { RolloutForm } from './RolloutForm';
import { SignForm } from './SignForm';
import { selectCan } from '../../store/identitySlice';

/** Phase 4: the recommendation and its evidence, the product owner's decision, the exports. */
export function DecideView({ sessionId }: { sessionId: string }) {
  const load = useAppStore((s) => s.loadDebrief);
  const ready = useAppStore((s) => s.openSessionId === sessionId && s.debrief !== null);
  const session = useAppStore(selectSession);
  const facilitates = useAppStore(selectCan('facilitate'));
  const signs = useAppStore(selectCan('sign'));
  const owner = useAppStore(
    (s) => s.detail?.participants.find((p) => p.id === s.detail?.session.productOwnerId)?.name,
  );
  useEffect(() => {
    void load(sessionId);
  }, [load, sessionId]);
  if (!ready || !session) return <p className="loading">Loading…</p>;
  return (
    <div className="decide">
      <fieldset disabled={!facilitates} className="plain">
        <RolloutForm />
      </fieldset>
      <RecommendationCard sessionId={sessionId} />
      {signs ? (
        <SignForm ended={session.status === 'ended'} />
      ) : (
        <section className="card sign" aria-labelledby="sign-title">
          <h2 id="sign-title">Decision</h2>
          <p className="card-hint">
            Only the product owner{owner ? ` (${owner})` : ''} signs the decision, from their own
            link.
          </p>
        </section>
      )}
      <DecisionHistory />
      <ExportPanel />
    </div>
  );
}
