import { z } from 'zod';
import { Id } from '../domain/common';

/** Host → renderer events: name → payload schema. */
export const events = {
  'sessions.changed': z.object({
    sessionId: Id,
    change: z.enum(['created', 'updated', 'deleted']),
  }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.infer<Events[E]>;
export type HostEvent = { [E in EventName]: { event: E; payload: EventPayload<E> } }[EventName];
export type EventListener = (event: HostEvent) => void;

/** The event names the web socket and the IPC channel carry. */
export const EVENT_CHANNEL = 'ensemble:event';
export const methodChannel = (method: string) => `ensemble:call:${method}`;
