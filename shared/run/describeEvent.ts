import type { SessionEvent } from '../domain/run';

/**
 * How an event's people and goals are named. The timeline names people as they are now and
 * payload names as they were then; a pseudonymised report names everyone by pseudonym.
 */
export type EventNames = {
  /** A participant by id. */
  person(id: string): string;
  /** A participant the event named itself (`name`, as they were called then; `id` if known). */
  named(id: string | null, name: string): string;
  /** A goal's title, or null when the goal is gone. */
  goal(id: string): string | null;
};

/**
 * One session event in words, as the timeline shows it and the report's audit trail lists it.
 * `actor: true` (the timeline) adds "by Ana" where a personal link did it and the words would
 * not say who; the audit trail has its own column for who.
 */
export function describeEvent(
  event: SessionEvent,
  names: EventNames,
  options: { actor: boolean } = { actor: true },
): string {
  const goal = (id: string) => names.goal(id) ?? 'a removed goal';
  const by = options.actor && event.actorId ? ` by ${names.person(event.actorId)}` : '';
  switch (event.type) {
    case 'session.started':
      return 'Session started';
    case 'session.paused':
      return event.payload.reason === 'break' ? 'Break' : 'Paused';
    case 'session.resumed':
      return 'Resumed';
    case 'session.ended':
      return 'Session ended';
    case 'rotation.rotated':
      return event.payload.reason === 'auto' ? 'Rotated (turn ended)' : `Rotated${by}`;
    case 'rotation.skipped':
      return `${names.person(event.payload.participantId)} stepped away`;
    case 'rotation.rejoined':
      return `${names.person(event.payload.participantId)} is back`;
    case 'rotation.swapped':
      return `${names.person(event.payload.a)} and ${names.person(event.payload.b)} swapped`;
    case 'rotation.shuffled':
      return 'Rotation shuffled';
    case 'roster.added':
      return `${names.person(event.payload.participantId)} joined the rotation`;
    case 'roster.removed':
      return `${names.person(event.payload.participantId)} left the rotation`;
    case 'break.skipped':
      return 'Break skipped';
    case 'goal.focused': {
      const id = event.payload.goalId;
      return id ? `Focus: ${goal(id)}` : 'No focus goal';
    }
    case 'goal.status':
      return `${goal(event.payload.goalId)}: ${event.payload.status.replace('-', ' ')}`;
    case 'goal.added':
      return `Goal added: ${goal(event.payload.goalId)}`;
    case 'preflight.overridden': {
      const p = event.payload;
      return `Pre-flight overridden by ${names.named(p.participantId, p.name)} (${p.items.join('; ')}): ${p.reason}`;
    }
    case 'link.issued':
      return `Personal link issued to ${names.named(event.payload.participantId, event.payload.name)}${by}`;
    case 'link.revoked':
      return `Personal link of ${names.named(event.payload.participantId, event.payload.name)} revoked${by}`;
    case 'join.admitted':
      return `${names.named(event.payload.participantId, event.payload.name)} asked to join and was admitted${by}`;
    case 'decision.signed': {
      const p = event.payload;
      const verb = p.version > 1 ? 'amended' : 'signed';
      return `Decision ${verb} by ${names.named(p.signerId, p.signerName)}: ${p.summary} (version ${p.version})`;
    }
  }
}
