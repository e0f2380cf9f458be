import { useEffect, useRef } from 'react';
import { useAppStore } from '../../store';
import { selectParticipants } from '../../store/openSessionSlice';
import { formatClock, useNow } from '../../lib/time';

/**
 * During a break: a screen of its own, big enough to share, with the time left and who drives
 * when the group is back, instead of a turn that looks frozen. "Resume now" ends the break at
 * once; when the time is up the break stays until someone resumes (nobody is pulled back
 * mid-coffee), as in Mobster.
 */
export function BreakScreen() {
  const run = useAppStore((s) => s.run);
  const offset = useAppStore((s) => s.clockOffset);
  const command = useAppStore((s) => s.command);
  const participants = useAppStore(selectParticipants);
  const now = useNow(250);
  const resume = useRef<HTMLButtonElement>(null);
  const onBreak = run?.status === 'paused' && run.pauseReason === 'break';

  useEffect(() => {
    if (onBreak) resume.current?.focus();
  }, [onBreak]);

  if (!run || !onBreak) return null;
  const left = run.breakEndsAt === null ? null : run.breakEndsAt - (now + offset);
  const driver = run.roles[0]?.participantId;
  const driverName = participants.find((p) => p.id === driver)?.name;
  return (
    <section className="break-screen" aria-label="Break" aria-live="polite">
      <h2>Break</h2>
      {left !== null && left > 0 ? (
        <p className="break-countdown" role="timer" aria-label="Break time left">
          {formatClock(left)}
        </p>
      ) : (
        <p className="break-countdown over">The break is over — resume when everyone is back</p>
      )}
      {driverName && <p className="break-next">{driverName} drives when you are back</p>}
      <button
        ref={resume}
        type="button"
        className="primary"
        onClick={() => void command('run.resume', {})}
      >
        Resume now
      </button>
    </section>
  );
}
