import type { HostContext } from '../context';
import { currentTurnEndsAt, dueRotations } from './snapshot';
import { runInputs } from './service';

/**
 * Records auto-rotations when turns end, whether or not any window is open. The timers are
 * only a wake-up call: what is due is always computed from the log, so a host that was down
 * catches up on the turns that ended meanwhile, stamped with the time each ended.
 */
export function createRunEngine(
  host: Pick<HostContext, 'db' | 'repos' | 'clock'>,
  onRecorded: (sessionId: string) => void,
) {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  function plan(sessionId: string) {
    clearTimeout(timers.get(sessionId));
    timers.delete(sessionId);
    const session = host.repos.sessions.get(sessionId);
    if (!session || session.status !== 'running' || !session.autoRotate) return;
    const now = host.clock.now();
    let inputs = runInputs(host as HostContext, sessionId);
    const due = dueRotations(inputs, now);
    if (due.length > 0) {
      host.db.transaction(() => {
        for (const at of due)
          host.repos.events.append(sessionId, 'rotation.rotated', { reason: 'auto' }, at);
      })();
      onRecorded(sessionId);
      inputs = runInputs(host as HostContext, sessionId);
    }
    const endsAt = currentTurnEndsAt(inputs, now);
    if (endsAt === null) return;
    const timer = setTimeout(() => plan(sessionId), Math.max(0, endsAt - now) + 5);
    timer.unref?.();
    timers.set(sessionId, timer);
  }

  return {
    plan,
    /** On start: catch up every running session. */
    start() {
      for (const id of host.repos.sessions.idsWithStatus('running')) plan(id);
    },
    stop() {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}
