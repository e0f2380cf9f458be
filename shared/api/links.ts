import { z } from 'zod';
import { Id } from '../domain/common';
import { Participant } from '../domain/participants';
import { JoinRequest, Me, PersonalLink, ShareRequest, Sharing } from '../domain/links';
import { method, SessionRef } from './common';

/** A personal link as it was just issued: its address, shown once (only its hash is kept). */
export const IssuedLink = z.object({
  link: PersonalLink,
  /** `<share origin>/#/join?t=<token>`; null while nothing shares links (the desktop app, off). */
  url: z.string().nullable(),
});
export type IssuedLink = z.infer<typeof IssuedLink>;

export const LinksOverview = z.object({
  /** Each participant's links, newest first; revoked ones too (the audit shows them). */
  links: z.array(PersonalLink),
  requests: z.array(JoinRequest),
  /** Where links point: the address others reach this host at; null: not shared (no web server). */
  shareOrigin: z.string().nullable(),
  /** Whether other machines can reach it (web mode with --allow-remote, the desktop app's network). */
  remote: z.boolean(),
});
export type LinksOverview = z.infer<typeof LinksOverview>;

/** Personal links and join requests; all but `links.me` are for the host's own app only. */
export const linksApi = {
  /** Who the calling page is, with its capabilities now. */
  'links.me': method(z.object({}).strict(), Me),
  'links.list': method(SessionRef, LinksOverview),
  /** A new link for a participant; their earlier links stop working (re-issue). */
  'links.issue': method(z.object({ sessionId: Id, participantId: Id }).strict(), IssuedLink),
  /** The link stops working at once: its next call gets 401 and its live connection closes. */
  'links.revoke': method(z.object({ sessionId: Id, linkId: Id }).strict(), PersonalLink),
  /** Admits someone who asked to join: a participant, and a link only their waiting page gets. */
  'links.admit': method(
    z.object({ sessionId: Id, requestId: Id }).strict(),
    z.object({ participant: Participant, link: PersonalLink }),
  ),
  'links.refuse': method(
    z.object({ sessionId: Id, requestId: Id }).strict(),
    z.object({ refused: z.literal(true) }),
  ),
  /** Whether and where personal links are served. */
  'links.sharing': method(z.object({}).strict(), Sharing),
  /**
   * The desktop app starts serving participants (on this machine, or with `network` on every
   * interface), changes that, or stops (`off`); links stay valid and work again once it serves.
   * Web mode serves as it was started: asking it for anything else is refused (409) with what
   * to restart it with.
   */
  'links.share': method(ShareRequest, Sharing),
};
