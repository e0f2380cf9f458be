import { elapsedAt, runningIntervals } from './clock';

type Event = { type: string; at: number; payload: unknown };

/** Active time spent on each goal, from the focus changes in the log, up to host time `now`. */
export function goalTimes(events: readonly Event[], now: number): Record<string, number> {
  const intervals = runningIntervals(events);
  const totals: Record<string, number> = {};
  let focus: string | null = null;
  let since = 0;
  const close = (at: number) => {
    if (focus) totals[focus] = (totals[focus] ?? 0) + (elapsedAt(intervals, at) - since);
  };
  for (const e of events) {
    if (e.type === 'goal.focused') {
      close(e.at);
      focus = (e.payload as { goalId: string | null }).goalId;
      since = elapsedAt(intervals, e.at);
    } else if (e.type === 'session.ended') {
      close(e.at);
      focus = null;
    }
  }
  close(now);
  return totals;
}
