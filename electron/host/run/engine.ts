import type { ReportError } from '../boundary';
import type { HostContext } from '../context';
import { writeTransaction } from '../db/write';
import { currentTurnEndsAt, dueRotations } from './snapshot';
import { runInputs } from './service';

/** After a failed look (the store busy for longer than its timeout…), look again this soon… */
const RETRY_MS = 2_000;
/** …and, while it keeps failing, twice as late each time up to this. */
const MAX_RETRY_MS = 60_000;

/**
 * Records auto-rotations when turns end, whether or not any window is open. The timers are
 * only a wake-up call: what is due is always computed from the log, so a host that was down
 * catches up on the turns that ended meanwhile, stamped with the time each ended — and a look
 * that failed is simply taken again a moment later.
 */
export function createRunEngine(
  host: Pick<HostContext, 'db' | 'repos' | 'clock'>,
  onRecorded: (sessionId: string) => void,
  report: ReportError,
) {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Failed looks in a row, per session. */
  const failures = new Map<string, number>();
  let stopped = false;

  function wakeIn(sessionId: string, ms: number) {
    const timer = setTimeout(() => plan(sessionId), ms);
    timer.unref?.();
    timers.set(sessionId, timer);
  }

  /** Records the turns that ended and sets the timer for the next end; throws on failure. */
  function look(sessionId: string) {
    const session = host.repos.sessions.get(sessionId);
    if (!session || session.status !== 'running' || !session.autoRotate) return;
    const now = host.clock.now();
    let inputs = runInputs(host as HostContext, sessionId);
    const due = dueRotations(inputs, now);
    if (due.length > 0) {
      writeTransaction(host.db, () => {
        for (const at of due)
          host.repos.events.append(sessionId, 'rotation.rotated', { reason: 'auto' }, at);
      });
      try {
        onRecorded(sessionId);
      } catch (error) {
        report('Announcing an auto-rotation', error); // recorded all the same
      }
      inputs = runInputs(host as HostContext, sessionId);
    }
    const endsAt = currentTurnEndsAt(inputs, now);
    if (endsAt !== null) wakeIn(sessionId, Math.max(0, endsAt - now) + 5);
  }

  /** Never throws: a failure is reported and the session looked at again shortly. */
  function plan(sessionId: string) {
    clearTimeout(timers.get(sessionId));
    timers.delete(sessionId);
    if (stopped) return;
    try {
      look(sessionId);
      failures.delete(sessionId);
    } catch (error) {
      report('Auto-rotation', error);
      const n = (failures.get(sessionId) ?? 0) + 1;
      failures.set(sessionId, n);
      wakeIn(sessionId, Math.min(MAX_RETRY_MS, RETRY_MS * 2 ** (n - 1)));
    }
  }

  return {
    plan,
    /** On start: catch up every running session. */
    start() {
      for (const id of host.repos.sessions.idsWithStatus('running')) plan(id);
    },
    stop() {
      stopped = true;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}
