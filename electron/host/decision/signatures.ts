import { ApiError } from '../../../shared/api/errors';
import type { DecisionRecordV1 } from '../../../shared/domain/record';
import type { Jwks } from '../../../shared/domain/signature';
import type { HostContext } from '../context';
import { redactRecord } from '../exports/redact';
import { signDecisionRecord } from './jws';
import { loadOrCreateSigningKey, type SigningKey } from './signingKey';

/** A key that cannot be read stops signing with a message saying what to do, never silently. */
async function currentKey(host: HostContext): Promise<SigningKey> {
  try {
    return await loadOrCreateSigningKey(host.info.dataDir);
  } catch (error) {
    throw new ApiError('unavailable', (error as Error).message);
  }
}

/**
 * The JWK Set: the key that signs next (made on first need, so a pipeline can pin it before
 * anything is signed), then every key that signed a record here, newest first, so records
 * signed before a new key was made still verify. The read-only CLI lists the keys that signed
 * (all a verifier needs) and never opens the private key's file.
 */
export async function publishedKeys(host: HostContext): Promise<Jwks> {
  const current = host.info.mode === 'cli' ? null : await currentKey(host);
  const stored = host.repos.signatures.keys();
  return current
    ? { keys: [current.publicJwk, ...stored.filter((k) => k.kid !== current.kid)] }
    : { keys: stored };
}

/**
 * The signature of a record about to be signed: the record as the JSON export publishes it
 * (through the session's redaction rules), signed with the host's key. Nothing is stored here.
 */
export async function signatureFor(
  host: HostContext,
  sessionId: string,
  record: DecisionRecordV1,
): Promise<{ key: SigningKey; jws: string }> {
  const key = await currentKey(host);
  const { redaction } = host.repos.sessions.feedSettings(sessionId);
  const published = redactRecord(record, redaction);
  return { key, jws: await signDecisionRecord(key, published) };
}

/** The JWS of the session's latest signed version; not_found (404) when there is none. */
export function latestSignature(host: HostContext, sessionId: string): string {
  const latest = host.repos.debrief.decisions(sessionId).at(-1);
  if (!latest)
    throw new ApiError('not_found', 'No decision is signed yet, so there is no signed record');
  const stored = host.repos.signatures.get(latest.id);
  if (!stored)
    throw new ApiError(
      'not_found',
      `Version ${latest.version} was signed before Ensemble issued signatures: amend it to get a signed record`,
    );
  return stored.jws;
}
