import type { HostEvent } from '../../../shared/api/events';
import type { Person } from '../context';
import type { Repos } from '../repos';

/**
 * Whether a host event may go to a personal link's page: only what is about its own session (its
 * run, notes, sources, and its tenant's live feed). Host-wide events (errors, backups, links and
 * join requests, other sessions) go to the host's own app only.
 */
export function mayReceive(repos: Repos, person: Person, event: HostEvent): boolean {
  switch (event.event) {
    case 'sessions.changed':
    case 'run.changed':
    case 'notes.changed':
    case 'presence.changed':
    case 'feeds.sourcesChanged':
      return event.payload.sessionId === person.sessionId;
    case 'feeds.events':
      return repos.sessions.get(person.sessionId)?.tenantId === event.payload.tenant;
    default:
      return false;
  }
}
