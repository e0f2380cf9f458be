import { useEffect } from 'react';
import { formatClock } from '../../lib/time';
import { useAppStore } from '../../store';
import { selectParticipants } from '../../store/openSessionSlice';
import { useLiveClock } from './liveClock';

/** The roles and the countdown, small enough to float over the product under test. */
export function MiniRoles({ sessionId }: { sessionId: string }) {
  const run = useAppStore((s) => (s.run?.sessionId === sessionId ? s.run : null));
  const participants = useAppStore(selectParticipants);
  const loadRun = useAppStore((s) => s.loadRun);
  const loadSession = useAppStore((s) => s.loadSession);
  const command = useAppStore((s) => s.command);
  const clock = useLiveClock();
  useEffect(() => {
    void loadSession(sessionId);
    void loadRun(sessionId);
  }, [sessionId, loadRun, loadSession]);
  if (!run || !clock) return <p className="mini loading">Loading…</p>;
  const name = (id: string | null) => participants.find((p) => p.id === id)?.name ?? '—';
  const live = run.status === 'running' || run.status === 'paused';
  return (
    <main className="mini" aria-label="Roles now">
      <ul className="mini-roles">
        {run.roles.map((r) => (
          <li key={r.roleKey}>
            <span className="role-label">{r.roleName}</span>{' '}
            <strong data-testid={`mini-${r.roleKey}`}>{name(r.participantId)}</strong>
          </li>
        ))}
        <li>
          <span className="role-label">Next up</span> <strong>{name(run.nextUpId)}</strong>
        </li>
      </ul>
      <div className={`mini-clock ${live && clock.turnLeftMs <= 30_000 ? 'soon' : ''}`}>
        <span aria-label="Turn time left">
          {live ? formatClock(Math.max(0, clock.turnLeftMs)) : run.status}
        </span>
        {live && (
          <button type="button" onClick={() => void command('run.rotate', {})}>
            Rotate
          </button>
        )}
      </div>
    </main>
  );
}
