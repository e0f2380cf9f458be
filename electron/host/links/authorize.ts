import { ACCESS, type Access, type SessionLocator } from '../../../shared/api/access';
import type { MethodName } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/errors';
import { CAPABILITY_LABELS, capabilitiesOf, type Capability } from '../../../shared/domain/links';
import type { Participant } from '../../../shared/domain/participants';
import type { Session } from '../../../shared/domain/session';
import type { Caller, HostContext, Person } from '../context';

const REVOKED =
  'This personal link no longer works: it was revoked or replaced. Ask the facilitator for a new one.';

/** The link's holder as they stand now: their session and themselves, or 401. */
export function currentHolder(
  host: HostContext,
  person: Person,
): { session: Session; participant: Participant; capabilities: Capability[] } {
  const link = host.repos.links.get(person.linkId);
  const session = host.repos.sessions.get(person.sessionId);
  const participant = host.repos.participants.get(person.participantId);
  if (!link || link.revokedAt !== null || !session || !participant)
    throw new ApiError('unauthorized', REVOKED);
  return { session, participant, capabilities: capabilitiesOf(session, participant.id) };
}

const at = (args: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (value, key) =>
        typeof value === 'object' && value !== null
          ? (value as Record<string, unknown>)[key]
          : undefined,
      args,
    );

/** The session a call is about, as its arguments name it (undefined: what they name is unknown). */
function sessionNamed(
  host: HostContext,
  locator: SessionLocator,
  args: unknown,
): string | undefined {
  if (locator === 'none') return undefined;
  const [kind, key = 'sessionId'] = locator.split(':') as [string, string | undefined];
  const id = at(args, key);
  if (typeof id !== 'string') return undefined;
  switch (kind) {
    case 'sessionId':
    case 'session':
      return id;
    case 'participant':
      return host.repos.participants.get(id)?.sessionId;
    case 'goal':
      return host.repos.goals.get(id)?.sessionId;
    case 'note':
      return host.repos.notes.get(id)?.sessionId;
    case 'finding':
      return host.repos.debrief.finding(id)?.sessionId;
    case 'source':
      return host.sources.get(id)?.sessionId;
    default:
      return undefined;
  }
}

const forbidden = (message: string) => new ApiError('forbidden', message);

/**
 * The one place capabilities are enforced, for every transport, before any handler runs. The
 * host's own app passes; a personal link must be live, stay in its own session, hold the
 * method's capability now (a rotation or a new facilitator changes it at once) and act as
 * itself. Refusals say why.
 */
export function authorize(host: HostContext, method: MethodName, args: unknown, caller: Caller) {
  const person = caller.person;
  if (!person) return;
  const access: Access = ACCESS[method];
  const { session, participant, capabilities } = currentHolder(host, person);
  if (access.needs === 'host')
    throw forbidden(
      `A personal link cannot do this (${method}): only the facilitator’s own Ensemble app can`,
    );
  if (access.session !== 'none') {
    const named = sessionNamed(host, access.session, args);
    if (named === undefined) throw new ApiError('not_found', 'Not found in this session');
    if (named !== person.sessionId)
      throw forbidden(`This link opens only the session “${session.title}”`);
  }
  if (!capabilities.includes(access.needs)) {
    const who =
      access.needs === 'sign'
        ? 'only the product owner'
        : access.needs === 'facilitate'
          ? 'only the facilitator'
          : 'not with this link';
    throw forbidden(`${participant.name} cannot ${CAPABILITY_LABELS[access.needs]}: ${who} can`);
  }
  const facilitates = capabilities.includes('facilitate');
  for (const path of access.self ?? []) {
    const named = at(args, path);
    if (named !== participant.id && !facilitates)
      throw forbidden(`This link acts as ${participant.name} only (${path})`);
  }
  if (method === 'sessions.update') {
    const patch = at(args, 'patch') as Record<string, unknown> | undefined;
    if (patch && ('facilitatorId' in patch || 'productOwnerId' in patch))
      throw forbidden(
        'Who facilitates and who signs is changed only in the facilitator’s own Ensemble app',
      );
  }
}
