import { z } from 'zod';
import { ParticipantFunction } from './participants';
import { Id, requiredText } from './common';

/**
 * What a caller may do. The host's own token (and the desktop app) holds every capability; a
 * personal link holds those of its participant at the moment of each call:
 * - `view`: read the session (every participant);
 * - `contribute`: notes as oneself, evidence pins, goal proposals and dots, ticking a guardrail
 *   (every participant; the team's "who may write notes" still decides who writes when);
 * - `facilitate`: the clock, the rotation and the plan (the session's facilitator);
 * - `sign`: the rollout decision (the session's product owner);
 * - `host`: what concerns the whole install, never a personal link (other sessions, backups,
 *   personal links and join requests, the test clock).
 */
export const CAPABILITIES = ['view', 'contribute', 'facilitate', 'sign', 'host'] as const;
export const Capability = z.enum(CAPABILITIES);
export type Capability = z.infer<typeof Capability>;

export const CAPABILITY_LABELS: Record<Capability, string> = {
  view: 'see this session',
  contribute: 'write notes and pin evidence',
  facilitate: 'run the clock, the rotation and the plan',
  sign: 'sign the rollout decision',
  host: 'manage Ensemble itself',
};

/** The capabilities of a participant of a session, from who facilitates and who signs now. */
export function capabilitiesOf(
  session: { facilitatorId: string | null; productOwnerId: string | null },
  participantId: string,
): Capability[] {
  const caps: Capability[] = ['view', 'contribute'];
  if (session.facilitatorId === participantId) caps.push('facilitate');
  if (session.productOwnerId === participantId) caps.push('sign');
  return caps;
}

/** Personal tokens say what they are, like the pipeline token (`ens_ro_`). */
export const PERSONAL_TOKEN_PREFIX = 'ens_p_';
export const PersonalToken = z
  .string()
  .regex(/^ens_p_[A-Za-z0-9_-]{43}$/, 'Expected a personal link token');

/** A personal link as the facilitator's app lists it; the token itself is never stored. */
export const PersonalLink = z.object({
  id: Id,
  sessionId: Id,
  participantId: Id,
  issuedAt: z.number().int(),
  revokedAt: z.number().int().nullable(),
  /** When a page first used it (null: not opened yet). */
  firstUsedAt: z.number().int().nullable(),
});
export type PersonalLink = z.infer<typeof PersonalLink>;

/** Who the calling page is. */
export const Me = z.discriminatedUnion('kind', [
  /** The host's own token or the desktop app: the facilitator's app, every capability. */
  z.object({ kind: z.literal('host'), capabilities: z.array(Capability) }),
  z.object({
    kind: z.literal('person'),
    sessionId: Id,
    participantId: Id,
    name: z.string(),
    capabilities: z.array(Capability),
  }),
]);
export type Me = z.infer<typeof Me>;

/** Join requests: what someone without a link types on the join page. */
export const JoinRequestInput = z
  .object({
    sessionId: Id,
    name: requiredText('Name', 100),
    function: ParticipantFunction.default('other'),
  })
  .strict();
export type JoinRequestInput = z.infer<typeof JoinRequestInput>;

/** A request waiting for the facilitator (its id is not the requester's secret). */
export const JoinRequest = z.object({
  id: Id,
  sessionId: Id,
  name: z.string(),
  function: ParticipantFunction,
  at: z.number().int(),
});
export type JoinRequest = z.infer<typeof JoinRequest>;

/** What the waiting page learns when it asks. */
export const JoinStatus = z.discriminatedUnion('status', [
  z.object({ status: z.literal('waiting') }),
  z.object({ status: z.literal('refused') }),
  /** The link, once: the page stores its token and opens the session. */
  z.object({ status: z.literal('admitted'), token: PersonalToken, sessionId: Id }),
  z.object({ status: z.literal('gone') }),
]);
export type JoinStatus = z.infer<typeof JoinStatus>;

/**
 * Who can open personal links: `off` nobody (no web server runs), `loopback` this machine only,
 * `network` other machines too (there only personal links and the ingest key work).
 */
export const SHARING_STATES = ['off', 'loopback', 'network'] as const;
export const Sharing = z.object({
  state: z.enum(SHARING_STATES),
  /** Where personal links point (`http://192.168.1.20:7381`); null while off. */
  origin: z.string().nullable(),
  /**
   * Whether this app starts and stops it (the desktop app); web mode shares as it was started
   * (`--host`, `--allow-remote`) as long as it runs.
   */
  changeable: z.boolean(),
});
export type Sharing = z.infer<typeof Sharing>;

/** Start or change sharing (`network`: let other machines on this network join), or stop it. */
export const ShareRequest = z.union([
  z.object({ network: z.boolean() }).strict(),
  z.object({ off: z.literal(true) }).strict(),
]);
export type ShareRequest = z.infer<typeof ShareRequest>;

/** The address a participant opens: the token rides in the fragment, never sent to a server. */
export const linkUrl = (origin: string, token: string): string =>
  `${origin}/#/join?t=${encodeURIComponent(token)}`;

/** The token in a personal link's address (`…/#/join?t=…`), or null. */
export function linkToken(url: string): string | null {
  const hash = url.slice(url.indexOf('#'));
  if (!hash.startsWith('#/join?')) return null;
  return new URLSearchParams(hash.slice('#/join?'.length)).get('t');
}
