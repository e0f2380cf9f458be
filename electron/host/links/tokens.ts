import crypto from 'node:crypto';
import { PERSONAL_TOKEN_PREFIX, PersonalToken } from '../../../shared/domain/links';
import type { Person } from '../context';
import type { Repos } from '../repos';

export const newPersonalToken = (): string =>
  `${PERSONAL_TOKEN_PREFIX}${crypto.randomBytes(32).toString('base64url')}`;

export const hashToken = (token: string): string =>
  crypto.createHash('sha256').update(token).digest('hex');

/**
 * The holder of a live personal link, from the token a page presented; 'revoked' for a link that
 * was revoked or replaced (or whose participant left); null for anything else. Only the hash is
 * looked up.
 */
export function identify(
  repos: Repos,
  token: string | null | undefined,
  now: number,
): Person | 'revoked' | null {
  if (!PersonalToken.safeParse(token).success) return null;
  const link = repos.links.byTokenHash(hashToken(token!));
  if (!link) return null;
  if (link.revokedAt !== null) return 'revoked';
  if (link.firstUsedAt === null) {
    try {
      repos.links.markUsed(link.id, now);
    } catch {
      // Only a nicety for the facilitator's list ("opened"): never a reason to refuse the call.
    }
  }
  return { linkId: link.id, sessionId: link.sessionId, participantId: link.participantId };
}

export { linkUrl } from '../../../shared/domain/links';
