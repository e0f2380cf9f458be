import { z } from 'zod';
import { Id } from '../domain/common';
import { FeedEvent } from '../domain/feeds';
import { Sharing } from '../domain/links';
import { Note, Presence } from '../domain/notes';
import { RunSnapshot } from '../domain/run';

/** Host → renderer events: name → payload schema. */
export const events = {
  'sessions.changed': z.object({
    sessionId: Id,
    change: z.enum(['created', 'updated', 'deleted']),
  }),
  /** The run changed (lifecycle, rotation, focus, a turn ended): the new snapshot. */
  'run.changed': z.object({ sessionId: Id, snapshot: RunSnapshot }),
  /** Notes were created, edited or deleted (by any client). */
  'notes.changed': z.object({ sessionId: Id, notes: z.array(Note) }),
  /** Who is finishing a note after their turn ended changed (see notes.finishing). */
  'presence.changed': z.object({ sessionId: Id, presence: Presence }),
  /** Newly stored events of a tenant (the live tail; `thinned` were stored but not sent). */
  'feeds.events': z.object({
    tenant: z.string(),
    events: z.array(FeedEvent),
    thinned: z.number().int(),
  }),
  /** A source of the session's feed started, stopped, changed status, or opened or closed a gap. */
  'feeds.sourcesChanged': z.object({ sessionId: Id }),
  /**
   * Something the host does on its own (a timer, a source, a clean-up) failed unexpectedly; it
   * logged the error and carried on. `message` is short, for a toast.
   */
  'host.error': z.object({ message: z.string().max(300) }),
  /**
   * A session's personal links or join requests changed (the facilitator's People and links
   * panel reloads). Sent to the host's own app only.
   */
  'links.changed': z.object({ sessionId: Id }),
  /** Personal links started or stopped being served, or moved (links.sharing). Host's app only. */
  'links.sharingChanged': Sharing,
  /** A backup of the store was made (the Backups dialog shows it). */
  'app.backupsChanged': z.object({}),
  /** Raised by a transport after it reconnects: events may have been missed, reload. */
  resync: z.object({}),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.infer<Events[E]>;
export type HostEvent = { [E in EventName]: { event: E; payload: EventPayload<E> } }[EventName];
export type EventListener = (event: HostEvent) => void;

/** A host event as it arrived over a wire, checked against its schema; null if it is not one. */
export function parseHostEvent(data: unknown): HostEvent | null {
  if (typeof data !== 'object' || data === null) return null;
  const { event, payload } = data as { event?: unknown; payload?: unknown };
  if (typeof event !== 'string' || !Object.hasOwn(events, event)) return null;
  const parsed = events[event as EventName].safeParse(payload);
  return parsed.success ? ({ event, payload: parsed.data } as HostEvent) : null;
}
