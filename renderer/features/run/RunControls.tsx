import { useState, type ReactNode } from 'react';
import { ConfirmDialog } from '../../components/Dialog';
import { formatClock } from '../../lib/time';
import { useAppStore } from '../../store';
import { useLiveClock } from './liveClock';
import { SyncIndicator } from './SyncIndicator';
import { selectCan } from '../../store/identitySlice';

/** The session clock, its commands, and (as children) the cockpit's own buttons. */
export function RunControls({ children }: { children?: ReactNode }) {
  const run = useAppStore((s) => s.run)!;
  const command = useAppStore((s) => s.command);
  const clock = useLiveClock()!;
  const [ending, setEnding] = useState(false);
  const facilitates = useAppStore(selectCan('facilitate'));
  const warn = run.status === 'running' && clock.remainingMs <= 10 * 60_000 && !clock.overtime;

  return (
    <div className="run-controls">
      <div
        className={`session-clock ${clock.overtime ? 'overtime' : warn ? 'warning' : ''}`}
        aria-label="Session clock"
      >
        <span className="clock-elapsed" aria-label="Elapsed">
          {formatClock(clock.elapsedMs)}
        </span>
        <span className="clock-remaining" aria-label="Remaining">
          {clock.overtime
            ? `${formatClock(-clock.remainingMs)} over time`
            : `${formatClock(clock.remainingMs)} left of ${run.timeboxMs / 60_000} min`}
        </span>
      </div>
      <span className={`status status-${run.status}`}>
        {run.status === 'paused' && run.pauseReason === 'break' ? 'on a break' : run.status}
      </span>
      <div className="run-buttons">
        {!facilitates && run.status !== 'ended' && (
          <span className="capability-note">The facilitator runs the clock and the rotation</span>
        )}
        {facilitates && run.status === 'draft' && (
          <button type="button" className="primary" onClick={() => void command('run.start', {})}>
            Start session
          </button>
        )}
        {facilitates && run.status === 'running' && (
          <>
            <button
              type="button"
              aria-keyshortcuts="P"
              onClick={() => void command('run.pause', { reason: 'pause' })}
            >
              Pause
            </button>
            <button
              type="button"
              aria-keyshortcuts="B"
              onClick={() => void command('run.pause', { reason: 'break' })}
            >
              Take a break
            </button>
          </>
        )}
        {facilitates && run.status === 'paused' && (
          <button
            type="button"
            className="primary"
            aria-keyshortcuts="P"
            onClick={() => void command('run.resume', {})}
          >
            {run.pauseReason === 'break' ? 'End break' : 'Resume'}
          </button>
        )}
        {facilitates && (run.status === 'running' || run.status === 'paused') && (
          <button type="button" className="danger" onClick={() => setEnding(true)}>
            End session
          </button>
        )}
        {facilitates && run.status !== 'ended' && (
          <label className="checkbox">
            <input
              type="checkbox"
              checked={run.autoRotate}
              onChange={(e) => void command('run.setAutoRotate', { autoRotate: e.target.checked })}
            />
            Rotate automatically
          </label>
        )}
        {children}
      </div>
      <SyncIndicator />
      <ConfirmDialog
        open={ending}
        title="End the session?"
        body={
          <p>
            The clock stops for good and no more notes can be taken. Notes still on their way from
            other devices are kept.
          </p>
        }
        confirmLabel="End session"
        danger
        onCancel={() => setEnding(false)}
        onConfirm={() => {
          setEnding(false);
          void command('run.end', {});
        }}
      />
    </div>
  );
}
