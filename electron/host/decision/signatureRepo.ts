import type { Db } from '../db/database';
import { PublicJwk } from '../../../shared/domain/signature';

/**
 * The public keys the host has signed with and the JWS of each signed decision version. Both
 * are public; the private key never comes here (the table refuses a key with a private part).
 */
export function createSignatureRepo(db: Db) {
  const addKey = db.prepare(
    'INSERT OR IGNORE INTO signing_keys (kid, jwk, added_at) VALUES (?, ?, ?)',
  );
  const keys = db.prepare<[], { jwk: string }>(
    'SELECT jwk FROM signing_keys ORDER BY added_at DESC, kid',
  );
  const insert = db.prepare(
    'INSERT INTO decision_signatures (decision_id, kid, jws) VALUES (?, ?, ?)',
  );
  const get = db.prepare<[string], { kid: string; jws: string }>(
    'SELECT kid, jws FROM decision_signatures WHERE decision_id = ?',
  );
  return {
    /** Records a key the first time it signs; later calls change nothing. */
    addKey: (jwk: PublicJwk, at: number) =>
      addKey.run(jwk.kid, JSON.stringify(PublicJwk.parse(jwk)), at),
    /** Newest first. */
    keys: (): PublicJwk[] => keys.all().map((r) => PublicJwk.parse(JSON.parse(r.jwk))),
    insert: (decisionId: string, kid: string, jws: string) => insert.run(decisionId, kid, jws),
    /** The JWS of one signed version; null for versions signed before signatures existed. */
    get: (decisionId: string) => get.get(decisionId) ?? null,
  };
}
export type SignatureRepo = ReturnType<typeof createSignatureRepo>;
