import type { Role } from '../shared/domain/roles';
import type { EventPayloads, SessionEvent, SessionEventType } from '../shared/domain/run';

/** Builds an event log by hand for the pure scheduler tests. */
export function eventLog() {
  const events: SessionEvent[] = [];
  return {
    events,
    add<T extends SessionEventType>(type: T, at: number, payload: EventPayloads[T]) {
      events.push({
        id: `e${events.length + 1}`,
        seq: events.length + 1,
        at,
        type,
        payload,
        actorId: null,
      } as SessionEvent);
      return this;
    },
  };
}

export const ROLES: Role[] = [
  { id: 'r1', key: 'driver', name: 'Driver', rotates: true },
  { id: 'r2', key: 'navigator', name: 'Navigator', rotates: true },
  { id: 'r3', key: 'note-taker', name: 'Note-taker', rotates: true },
  { id: 'r4', key: 'observer', name: 'Observers', rotates: false },
];

export const MIN = 60_000;
export const T0 = Date.UTC(2026, 10, 21, 9, 0, 0);
