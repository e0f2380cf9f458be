import fs from 'node:fs';
import path from 'node:path';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey,
} from 'jose';
import { z } from 'zod';
import { DECISION_JWS_ALG, PublicJwk } from '../../../shared/domain/signature';

export const KEYS_DIR = 'keys';
export const SIGNING_KEY_FILE = 'decision-ed25519.jwk';

/** The host's signing key: its public half as published, and the private key, kept in memory. */
export type SigningKey = { kid: string; publicJwk: PublicJwk; privateKey: CryptoKey };

const B64 = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
const PrivateJwkFile = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: B64,
  d: B64,
});

export const signingKeyPath = (dataDir: string) => path.join(dataDir, KEYS_DIR, SIGNING_KEY_FILE);

/**
 * The key in the data folder (`keys/decision-ed25519.jwk`, a private JWK, mode 0600), or null
 * when there is none yet. A file that is there but unusable is an error saying what to do:
 * a decision is never signed with anything else.
 */
export async function readSigningKey(dataDir: string): Promise<SigningKey | null> {
  const file = signingKeyPath(dataDir);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`The signing key ${file} cannot be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let jwk: z.infer<typeof PrivateJwkFile>;
  try {
    jwk = PrivateJwkFile.parse(JSON.parse(text));
  } catch (error) {
    throw new Error(
      `The signing key ${file} is not an Ed25519 private key: move it aside and the next signature makes a new one (records signed before still verify)`,
      { cause: error },
    );
  }
  return fromJwk(jwk);
}

/**
 * The key, made on first need: an Ed25519 pair from WebCrypto, written to a temporary file and
 * linked into place, so two callers at once never overwrite each other's key (the second one
 * reads the first one's).
 */
export async function loadOrCreateSigningKey(dataDir: string): Promise<SigningKey> {
  const existing = await readSigningKey(dataDir);
  if (existing) return existing;
  const { privateKey } = await generateKeyPair(DECISION_JWS_ALG, {
    crv: 'Ed25519',
    extractable: true,
  });
  const { kty, crv, x, d } = await exportJWK(privateKey);
  const jwk = PrivateJwkFile.parse({ kty, crv, x, d });
  const file = signingKeyPath(dataDir);
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700); // the mode above is masked by the umask
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(jwk)}\n`, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  try {
    fs.linkSync(tmp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  const stored = await readSigningKey(dataDir);
  if (!stored) throw new Error(`The signing key ${file} vanished while it was being made`);
  return stored;
}

async function fromJwk(jwk: z.infer<typeof PrivateJwkFile>): Promise<SigningKey> {
  const { kty, crv, x } = jwk;
  const kid = await calculateJwkThumbprint({ kty, crv, x }, 'sha256');
  const publicJwk = PublicJwk.parse({ kty, crv, x, kid, alg: DECISION_JWS_ALG, use: 'sig' });
  const privateKey = (await importJWK({ ...jwk, alg: DECISION_JWS_ALG }, DECISION_JWS_ALG, {
    extractable: false,
  })) as CryptoKey;
  return { kid, publicJwk, privateKey };
}
