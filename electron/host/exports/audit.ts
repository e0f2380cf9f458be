import {
  AUDIT_CAP,
  AUDIT_EVENT_TYPES,
  type AuditEntry,
  type AuditEventType,
  type AuditTrail,
} from '../../../shared/domain/audit';
import type { DecisionRecordV1 } from '../../../shared/domain/record';
import type { SessionEvent } from '../../../shared/domain/run';
import { describeEvent, type EventNames } from '../../../shared/run/describeEvent';
import type { HostContext } from '../context';

const AUDITED = new Set<string>(AUDIT_EVENT_TYPES);
export const HOST_APP = 'the facilitator’s app';
const REMOVED = 'a removed participant';
const OUTSIDER = 'someone outside the session';

/**
 * The session's audit trail as of now, naming people the way `record` does: by the record's
 * names, or by its pseudonyms when it is pseudonymised (people the record does not list, such
 * as one removed while the session was a draft, get the next pseudonyms; a name no participant
 * has is never printed then).
 */
export function buildAuditTrail(
  host: HostContext,
  sessionId: string,
  record: DecisionRecordV1,
): AuditTrail {
  const audited = host.repos.events
    .list(sessionId)
    .filter((e): e is Extract<SessionEvent, { type: AuditEventType }> => AUDITED.has(e.type));
  const names = auditNames(host, sessionId, record);
  const entry = (e: (typeof audited)[number]): AuditEntry => ({
    at: new Date(e.at).toISOString(),
    type: e.type,
    who: e.actorId ? `${names.person(e.actorId)} (personal link)` : HOST_APP,
    what: describeEvent(e, names, { actor: false }),
  });
  const asOf = new Date(host.clock.now()).toISOString();
  if (audited.length <= AUDIT_CAP) return { asOf, entries: audited.map(entry), omitted: null };
  const half = AUDIT_CAP / 2;
  const left = audited.slice(half, audited.length - half);
  return {
    asOf,
    entries: [...audited.slice(0, half), ...audited.slice(-half)].map(entry),
    omitted: {
      after: half,
      count: left.length,
      from: new Date(left[0]!.at).toISOString(),
      to: new Date(left.at(-1)!.at).toISOString(),
    },
  };
}

function auditNames(host: HostContext, sessionId: string, record: DecisionRecordV1): EventNames {
  const listed = new Map(record.session.participants.map((p) => [p.id, p.name]));
  const current = host.repos.participants.list(sessionId);
  const currentName = new Map(current.map((p) => [p.id, p.name]));
  const pseudonymised = record.session.pseudonymised;
  const extra = new Map<string, string>();
  const person = (id: string): string => {
    const known = listed.get(id);
    if (known !== undefined) return known;
    if (!pseudonymised) return currentName.get(id) ?? REMOVED;
    let alias = extra.get(id);
    if (alias === undefined) {
      alias = `Participant ${listed.size + extra.size + 1}`;
      extra.set(id, alias);
    }
    return alias;
  };
  return {
    person,
    named: (id, name) => {
      if (!pseudonymised) return name || (id ? person(id) : REMOVED);
      if (id) return person(id);
      // Only a decision signed in a typed name has no id: a participant's name gets their alias.
      const match = current.find((p) => p.name === name);
      return match ? person(match.id) : OUTSIDER;
    },
    goal: (id) => {
      const goal = host.repos.goals.get(id);
      return goal?.sessionId === sessionId ? goal.title : null;
    },
  };
}
