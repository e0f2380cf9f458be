import {
  CompactSign,
  compactVerify,
  createLocalJWKSet,
  decodeProtectedHeader,
  errors,
  type JSONWebKeySet,
} from 'jose';
import { z } from 'zod';
import type { DecisionRecordV1 } from '../../../shared/domain/record';
import {
  DECISION_ISSUER,
  DECISION_JWS_ALG,
  DECISION_JWS_TYP,
  Signer,
  type DecisionClaims,
} from '../../../shared/domain/signature';
import { canonicalJson } from './canonical';
import type { SigningKey } from './signingKey';

/** The claims of a signed record, from the record itself: who signed which session's record, when. */
export function decisionClaims(record: DecisionRecordV1): DecisionClaims {
  const d = record.decision;
  if (!d || record.status !== 'signed') throw new Error('Only a signed record is issued as a JWS');
  return {
    iss: DECISION_ISSUER,
    sub: record.session.id,
    jti: record.recordId,
    iat: Math.floor(Date.parse(d.signedAt) / 1000),
    signer: { id: d.approver.id, name: d.approver.name },
    record,
  };
}

/**
 * The record as a compact JWS: protected header `{alg: "EdDSA", kid, typ}`, payload the claims
 * in RFC 8785 canonical JSON (UTF-8), so the payload's bytes follow from its content alone.
 */
export function signDecisionRecord(key: SigningKey, record: DecisionRecordV1): Promise<string> {
  const payload = new TextEncoder().encode(canonicalJson(decisionClaims(record)));
  return new CompactSign(payload)
    .setProtectedHeader({ alg: DECISION_JWS_ALG, kid: key.kid, typ: DECISION_JWS_TYP })
    .sign(key.privateKey);
}

/** What a verifier prints and checks: enough of the record to say who signed what. */
const SignedRecord = z.looseObject({
  recordId: z.string(),
  status: z.literal('signed'),
  session: z.looseObject({ id: z.string(), title: z.string() }),
  flag: z.looseObject({ key: z.string(), currentStage: z.string() }),
  stages: z.array(z.looseObject({ key: z.string(), label: z.string() })),
  decision: z.looseObject({
    action: z.enum(['promote', 'hold', 'rollback']),
    toStage: z.string().nullable(),
    version: z.number().int(),
    signedAt: z.string(),
    approver: z.looseObject({ id: z.string().nullable(), name: z.string() }),
  }),
});
export type SignedRecord = z.infer<typeof SignedRecord>;

const Claims = z.looseObject({
  iss: z.literal(DECISION_ISSUER),
  sub: z.string(),
  jti: z.string(),
  iat: z.number().int(),
  signer: Signer,
  record: SignedRecord,
});

export type Verification =
  | {
      ok: true;
      kid: string;
      signer: Signer;
      sessionId: string;
      record: SignedRecord;
      /** The whole record as signed (the published schema). */
      fullRecord: unknown;
    }
  | { ok: false; reason: 'malformed' | 'unknown-key' | 'bad-signature'; message: string };

const COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const fail = (reason: 'malformed' | 'unknown-key' | 'bad-signature', message: string) =>
  ({ ok: false, reason, message }) as const;

/**
 * Verifies a decision JWS against a JWK Set: the signature first (any changed byte fails it),
 * then that the payload is an Ensemble decision whose claims agree with its record.
 */
export async function verifyDecisionJws(jws: string, jwks: unknown): Promise<Verification> {
  const token = jws.trim();
  if (!COMPACT.test(token))
    return fail('malformed', 'This is not a JWS in compact serialization (three base64url parts)');
  let header;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    return fail('malformed', 'The JWS header cannot be read');
  }
  if (header.typ !== DECISION_JWS_TYP)
    return fail('malformed', `This JWS is not an Ensemble decision (typ ${String(header.typ)})`);
  if (header.alg !== DECISION_JWS_ALG || typeof header.kid !== 'string')
    return fail('malformed', `An Ensemble decision is signed with EdDSA and names its key`);
  let keys;
  try {
    keys = createLocalJWKSet(jwks as JSONWebKeySet);
  } catch {
    return fail('malformed', 'The keys are not a JWK Set ({"keys": [...]})');
  }
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(token, keys, { algorithms: [DECISION_JWS_ALG] }));
  } catch (error) {
    if (error instanceof errors.JWKSNoMatchingKey)
      return fail('unknown-key', `No key in the set has the id ${header.kid}`);
    if (error instanceof errors.JWSSignatureVerificationFailed)
      return fail(
        'bad-signature',
        'The signature does not match: the record or its header changed',
      );
    return fail('malformed', `The JWS cannot be verified: ${(error as Error).message}`);
  }
  let claims: z.infer<typeof Claims>;
  let raw: { record: unknown };
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload)) as typeof raw;
    claims = Claims.parse(raw);
  } catch {
    return fail('malformed', 'The signed payload is not an Ensemble decision');
  }
  const r = claims.record;
  const agrees =
    claims.sub === r.session.id &&
    claims.jti === r.recordId &&
    claims.iat === Math.floor(Date.parse(r.decision.signedAt) / 1000) &&
    claims.signer.id === r.decision.approver.id &&
    claims.signer.name === r.decision.approver.name;
  if (!agrees) return fail('malformed', 'The claims disagree with the record they carry');
  return {
    ok: true,
    kid: header.kid,
    signer: claims.signer,
    sessionId: claims.sub,
    record: r,
    fullRecord: raw.record,
  };
}
