import type { EventListener, HostEvent } from '../../shared/api/events';

/** Host → renderer events; every transport subscribes and forwards. */
export function createEventBus() {
  const listeners = new Set<EventListener>();
  return {
    emit(event: HostEvent) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (error) {
          console.error('[ensemble] event listener failed', error);
        }
      }
    },
    subscribe(listener: EventListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
export type EventBus = ReturnType<typeof createEventBus>;
