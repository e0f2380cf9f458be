import fs from 'node:fs';
import path from 'node:path';
import { ACTION_LABELS } from '../../../shared/domain/decision';
import { DatabaseTooNewError, DatabaseTooOldError, DB_FILENAME } from '../db/database';
import { verifyDecisionJws, type SignedRecord } from '../decision/jws';
import { startHost } from '../start';

/** `ensemble verify`'s own exit codes, after the gate's (0–8, see run.ts). */
export const VERIFY_EXIT = {
  valid: 0,
  failure: 1,
  notFound: 7,
  otherVersion: 8,
  badSignature: 9,
  unknownKey: 10,
  malformed: 11,
} as const;

const REASON_EXIT = {
  'bad-signature': VERIFY_EXIT.badSignature,
  'unknown-key': VERIFY_EXIT.unknownKey,
  malformed: VERIFY_EXIT.malformed,
} as const;

export type VerifyArgs = { file: string; jwks: string | null; dataDir: string; json: boolean };
type Io = {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Standard input, for `verify -`. */
  readStdin?: () => Promise<string>;
};

class Failed extends Error {
  readonly code: number;
  constructor(message: string, code: number) {
    super(message);
    this.code = code;
  }
}

/**
 * Checks a signed decision record against the public keys (a JWK Set from a file or a URL, or
 * the data folder's), and says who signed which decision. Exit 0 only when the signature holds.
 */
export async function verifyCommand(args: VerifyArgs, io: Io): Promise<number> {
  try {
    const jws = await readJws(args.file, io);
    const jwks = args.jwks ? await readJwks(args.jwks) : await dataFolderKeys(args.dataDir);
    const result = await verifyDecisionJws(jws, jwks);
    if (!result.ok) {
      io.err(`ensemble: not verified: ${result.message}\n`);
      return REASON_EXIT[result.reason];
    }
    if (args.json) io.out(`${JSON.stringify(result.fullRecord, null, 2)}\n`);
    else io.out(describeVerified(result.record, result.kid));
    return VERIFY_EXIT.valid;
  } catch (error) {
    io.err(`ensemble: ${(error as Error).message}\n`);
    return error instanceof Failed ? error.code : VERIFY_EXIT.failure;
  }
}

/** Who signed what, for a pipeline log. */
export function describeVerified(r: SignedRecord, kid: string): string {
  const d = r.decision;
  const stage = (key: string | null) => r.stages.find((s) => s.key === key)?.label ?? key;
  const what =
    d.action === 'hold'
      ? `${ACTION_LABELS.hold} at ${stage(r.flag.currentStage)}`
      : `${ACTION_LABELS[d.action]} to ${stage(d.toStage)}`;
  const who = d.approver.id ? `${d.approver.name} (participant ${d.approver.id})` : d.approver.name;
  return [
    `Verified: signed by ${who} at ${d.signedAt}`,
    `Decision: ${what}, version ${d.version}, flag ${r.flag.key || '(none)'}`,
    `Session: ${r.session.title} (${r.session.id}), record ${r.recordId}`,
    `Key: ${kid}`,
    '',
  ].join('\n');
}

async function readJws(file: string, io: Io): Promise<string> {
  try {
    if (file === '-') return await (io.readStdin ?? readProcessStdin)();
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Failed(`cannot read ${file}: ${(error as Error).message}`, VERIFY_EXIT.failure);
  }
}

async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A JWK Set from a file or an http(s) address (Ensemble serves its own at /api/keys). */
async function readJwks(source: string): Promise<unknown> {
  let text: string;
  if (/^https?:\/\//i.test(source)) {
    let res: Response;
    try {
      res = await fetch(source, {
        headers: { Accept: 'application/jwk-set+json, application/json' },
        signal: AbortSignal.timeout(15_000),
      });
      text = await res.text();
    } catch (error) {
      throw new Failed(
        `cannot fetch the keys from ${source}: ${(error as Error).message}`,
        VERIFY_EXIT.failure,
      );
    }
    if (!res.ok)
      throw new Failed(
        `cannot fetch the keys from ${source}: HTTP ${res.status}`,
        VERIFY_EXIT.failure,
      );
  } else {
    try {
      text = fs.readFileSync(source, 'utf8');
    } catch (error) {
      throw new Failed(
        `cannot read the keys ${source}: ${(error as Error).message}`,
        VERIFY_EXIT.failure,
      );
    }
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new Failed(`the keys in ${source} are not JSON (a JWK Set)`, VERIFY_EXIT.malformed);
  }
}

/** The keys of a data folder, read-only: nothing is made, migrated or written. */
async function dataFolderKeys(dataDir: string): Promise<unknown> {
  if (!fs.existsSync(path.join(dataDir, DB_FILENAME)))
    throw new Failed(
      `no Ensemble data in ${dataDir}: name the keys with --jwks FILE|URL, or use --data-dir`,
      VERIFY_EXIT.notFound,
    );
  let host;
  try {
    host = await startHost({ dataDir, mode: 'cli', ingest: null });
  } catch (error) {
    const otherVersion =
      error instanceof DatabaseTooOldError || error instanceof DatabaseTooNewError;
    throw new Failed(
      (error as Error).message,
      otherVersion ? VERIFY_EXIT.otherVersion : VERIFY_EXIT.failure,
    );
  }
  try {
    return await host.call('decision.keys', {}, { transport: 'cli' });
  } finally {
    await host.close();
  }
}
