import { useEffect } from 'react';
import { InlineAddForm } from '../../components/InlineAddForm';
import { formatClock } from '../../lib/time';
import { openRolesWindow } from '../../api/desktop';
import { useAppStore } from '../../store';
import { selectParticipants } from '../../store/openSessionSlice';
import { useLiveClock } from './liveClock';
import { selectCan } from '../../store/identitySlice';

/** Who drives now and who is next: large and high-contrast, made to be screen-shared. */
export function RolesPanel({
  presenting,
  setPresenting,
}: {
  presenting: boolean;
  setPresenting: (presenting: boolean) => void;
}) {
  const run = useAppStore((s) => s.run)!;
  const participants = useAppStore(selectParticipants);
  const command = useAppStore((s) => s.command);
  const clock = useLiveClock()!;
  const facilitates = useAppStore(selectCan('facilitate'));
  // Esc leaves Present mode, as it leaves full screen everywhere (unless something else took it).
  useEffect(() => {
    if (!presenting) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) setPresenting(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [presenting, setPresenting]);
  const name = (id: string | null) => participants.find((p) => p.id === id)?.name ?? '—';
  const live = run.status === 'running' || run.status === 'paused';
  const waiting = live && clock.turnLeftMs <= 0 && !run.autoRotate;
  const soon = live && clock.turnLeftMs > 0 && clock.turnLeftMs <= 30_000;

  return (
    <section className={`roles-panel ${presenting ? 'presenting' : ''}`} aria-label="Roles now">
      <div className="roles-grid">
        {run.roles.map((r) => (
          <div key={r.roleKey} className={`role-card role-${r.roleKey}`}>
            <span className="role-label">{r.roleName}</span>
            <span className="role-person" data-testid={`role-${r.roleKey}`}>
              {name(r.participantId)}
            </span>
          </div>
        ))}
        <div className="role-card role-next">
          <span className="role-label">Next up</span>
          <span className="role-person" data-testid="role-next">
            {name(run.nextUpId)}
          </span>
        </div>
      </div>
      <div className={`turn-clock ${waiting ? 'waiting' : soon ? 'soon' : ''}`}>
        <span className="turn-countdown" aria-label="Turn time left">
          {live ? formatClock(Math.max(0, clock.turnLeftMs)) : formatClock(run.intervalMs)}
        </span>
        <span className="turn-caption" role="status">
          {waiting
            ? `Turn over ${formatClock(-clock.turnLeftMs)} ago — rotate when ready`
            : soon
              ? `Rotating in ${Math.ceil(clock.turnLeftMs / 1000)} s`
              : `Turn ${run.turn.index + 1} · ${run.rotationCount} ${run.rotationCount === 1 ? 'rotation' : 'rotations'}`}
        </span>
        <div className="turn-actions">
          {live && facilitates && (
            <button
              type="button"
              className={waiting ? 'primary' : ''}
              aria-keyshortcuts="R"
              onClick={() => void command('run.rotate', {})}
            >
              Rotate now
            </button>
          )}
          <button
            type="button"
            onClick={() => openRolesWindow(run.sessionId)}
            title="A small window that stays on top"
          >
            Mini window
          </button>
          <button
            type="button"
            aria-pressed={presenting}
            aria-keyshortcuts="F"
            onClick={() => setPresenting(!presenting)}
          >
            {presenting ? 'Exit presentation' : 'Present'}
          </button>
        </div>
      </div>
      {run.breakDue && run.status === 'running' && (
        <div className="break-banner" role="alert">
          <span>Time for a break — {run.breakEvery} rotations since the last one.</span>
          {facilitates && (
            <>
              <button
                type="button"
                className="primary"
                onClick={() => void command('run.pause', { reason: 'break' })}
              >
                Take a break
              </button>
              <button type="button" onClick={() => void command('run.skipBreak', {})}>
                Skip
              </button>
            </>
          )}
        </div>
      )}
    </section>
  );
}

/** The rotation roster with its mid-session controls. */
export function RosterControls() {
  const run = useAppStore((s) => s.run)!;
  const participants = useAppStore(selectParticipants);
  const addParticipant = useAppStore((s) => s.addParticipant);
  const command = useAppStore((s) => s.command);
  // Only the facilitator changes the rotation: others see it as it is.
  const facilitates = useAppStore(selectCan('facilitate'));
  const live = (run.status === 'running' || run.status === 'paused') && facilitates;
  const roleOf = (id: string) =>
    run.roles.find((r) => r.participantId === id)?.roleName ??
    (run.awayIds.includes(id) ? 'Away' : 'Observer');
  const inRotation = run.order.filter((id) => participants.some((p) => p.id === id));
  const removed = new Set(
    run.order.filter(
      (id) =>
        !run.awayIds.includes(id) &&
        !run.roles.some((r) => r.participantId === id) &&
        !run.observers.includes(id),
    ),
  );
  const name = (id: string) => participants.find((p) => p.id === id)?.name ?? id;

  return (
    <section className="card roster" aria-labelledby="roster-title">
      <div className="card-header">
        <h2 id="roster-title">Rotation</h2>
        {live && (
          <button type="button" className="ghost" onClick={() => void command('run.shuffle', {})}>
            Shuffle
          </button>
        )}
      </div>
      <ol className="roster-list" aria-label="Rotation order">
        {inRotation
          .filter((id) => !removed.has(id))
          .map((id) => (
            <li key={id} aria-label={name(id)} className={run.awayIds.includes(id) ? 'away' : ''}>
              <span className="roster-name">{name(id)}</span>
              <span className="badge">{roleOf(id)}</span>
              {live && (
                <span className="roster-actions">
                  {run.awayIds.includes(id) ? (
                    <button
                      type="button"
                      onClick={() => void command('run.rejoin', { participantId: id })}
                    >
                      Back
                    </button>
                  ) : (
                    <button
                      type="button"
                      onClick={() => void command('run.skip', { participantId: id })}
                    >
                      Stepped away
                    </button>
                  )}
                  <select
                    aria-label={`Swap ${name(id)} with`}
                    value=""
                    onChange={(e) =>
                      e.target.value && void command('run.swap', { a: id, b: e.target.value })
                    }
                  >
                    <option value="">Swap with…</option>
                    {inRotation
                      .filter((other) => other !== id && !removed.has(other))
                      .map((other) => (
                        <option key={other} value={other}>
                          {name(other)}
                        </option>
                      ))}
                  </select>
                  <button
                    type="button"
                    className="ghost"
                    aria-label={`Remove ${name(id)} from the rotation`}
                    onClick={() => void command('run.removeFromRotation', { participantId: id })}
                  >
                    Remove
                  </button>
                </span>
              )}
            </li>
          ))}
      </ol>
      {live && (
        <InlineAddForm
          label="Join the rotation"
          placeholder="Someone joins: their name"
          submitLabel="Add"
          onAdd={async (name) => (await addParticipant({ name, function: 'other', email: '' })).ok}
        />
      )}
    </section>
  );
}
