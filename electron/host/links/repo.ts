import type { Db } from '../db/database';
import { newId } from '../db/ids';
import type { PersonalLink } from '../../../shared/domain/links';

type LinkRow = {
  id: string;
  session_id: string;
  participant_id: string;
  issued_at: number;
  revoked_at: number | null;
  first_used_at: number | null;
};

const toLink = (r: LinkRow): PersonalLink => ({
  id: r.id,
  sessionId: r.session_id,
  participantId: r.participant_id,
  issuedAt: r.issued_at,
  revokedAt: r.revoked_at,
  firstUsedAt: r.first_used_at,
});

const COLUMNS = 'id, session_id, participant_id, issued_at, revoked_at, first_used_at';

/** Personal links: a participant's access, kept as the hash of its token. */
export function createLinkRepo(db: Db) {
  const byHash = db.prepare<[string], LinkRow>(
    `SELECT ${COLUMNS} FROM personal_links WHERE token_hash = ?`,
  );
  const byId = db.prepare<[string], LinkRow>(`SELECT ${COLUMNS} FROM personal_links WHERE id = ?`);
  const bySession = db.prepare<[string], LinkRow>(
    `SELECT ${COLUMNS} FROM personal_links WHERE session_id = ? ORDER BY issued_at DESC, id DESC`,
  );
  const insert = db.prepare(
    `INSERT INTO personal_links (id, session_id, participant_id, token_hash, issued_at)
     VALUES (?, ?, ?, ?, ?)`,
  );
  const revoke = db.prepare(
    'UPDATE personal_links SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
  );
  const revokeOf = db.prepare<[number, string], LinkRow>(
    `UPDATE personal_links SET revoked_at = ? WHERE participant_id = ? AND revoked_at IS NULL
     RETURNING ${COLUMNS}`,
  );
  const used = db.prepare(
    'UPDATE personal_links SET first_used_at = ? WHERE id = ? AND first_used_at IS NULL',
  );

  return {
    /** The link whose token has this hash, revoked or not. */
    byTokenHash(hash: string): PersonalLink | undefined {
      const row = byHash.get(hash);
      return row && toLink(row);
    },
    get(id: string): PersonalLink | undefined {
      const row = byId.get(id);
      return row && toLink(row);
    },
    list(sessionId: string): PersonalLink[] {
      return bySession.all(sessionId).map(toLink);
    },
    insert(sessionId: string, participantId: string, tokenHash: string, at: number): PersonalLink {
      const id = newId();
      insert.run(id, sessionId, participantId, tokenHash, at);
      return this.get(id)!;
    },
    revoke(id: string, at: number): void {
      revoke.run(at, id);
    },
    /** Revokes every live link of a participant; returns those it revoked. */
    revokeAllOf(participantId: string, at: number): PersonalLink[] {
      return revokeOf.all(at, participantId).map(toLink);
    },
    markUsed(id: string, at: number): void {
      used.run(at, id);
    },
  };
}
export type LinkRepo = ReturnType<typeof createLinkRepo>;
