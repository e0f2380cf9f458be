/**
 * The decision signature: each signed decision record is also issued as a JWS (RFC 7515,
 * compact serialization, EdDSA over Ed25519) that anyone can verify with the host's public keys
 * (a JWK Set, RFC 7517). Only public keys are described here: the contract refuses any answer
 * that carries more than these fields, so a private key (`d`) can never leave through the API.
 */
import { z } from 'zod';

/** The JWS's `typ` header: an Ensemble decision, JWT-shaped (RFC 8725 §3.11 explicit typing). */
export const DECISION_JWS_TYP = 'ensemble-decision+jwt';
/** The signature algorithm (RFC 8037): Ed25519. */
export const DECISION_JWS_ALG = 'EdDSA';
/** The `iss` claim of every decision the host signs. */
export const DECISION_ISSUER = 'ensemble';

/** One public signing key. `kid` is its RFC 7638 JWK thumbprint (SHA-256, base64url). */
export const PublicJwk = z
  .object({
    kty: z.literal('OKP'),
    crv: z.literal('Ed25519'),
    x: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
    kid: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
    alg: z.literal(DECISION_JWS_ALG),
    use: z.literal('sig'),
  })
  .strict();
export type PublicJwk = z.infer<typeof PublicJwk>;

/** Every key this host has signed with, the current one first; old keys stay so old records verify. */
export const Jwks = z.object({ keys: z.array(PublicJwk) }).strict();
export type Jwks = z.infer<typeof Jwks>;

/** Who signed: the participant (null when the signer is not one of the session's) and the name. */
export const Signer = z.object({ id: z.string().nullable(), name: z.string() }).strict();
export type Signer = z.infer<typeof Signer>;

/**
 * The JWS payload (JSON, RFC 8785 canonical form): `sub` is the session id, `jti` the record id
 * (one per signed version), `iat` the signing time in seconds, `signer` the product owner as
 * the record names them, `record` the decision record as exported (the published schema).
 */
export type DecisionClaims = {
  iss: typeof DECISION_ISSUER;
  sub: string;
  jti: string;
  iat: number;
  signer: Signer;
  record: unknown;
};
