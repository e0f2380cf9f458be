import fs from 'node:fs';
import path from 'node:path';
import { newToken } from './auth';

export const TOKEN_FILE = 'web-token';
export const PIPELINE_TOKEN_FILE = 'pipeline-token';
/** Pipeline tokens say what they are, so one pasted in the wrong place is recognised. */
const PIPELINE_PREFIX = 'ens_ro_';

/**
 * A secret kept in the data folder (mode 0600) so it survives restarts: read when it is there
 * and well-formed, else made and written atomically. `rotate` replaces it; `override` (from the
 * environment) wins.
 */
export function loadOrCreateSecret(
  dataDir: string,
  file: string,
  make: () => string,
  valid: RegExp,
  options: { rotate?: boolean; override?: string } = {},
): string {
  if (options.override) return options.override;
  const full = path.join(dataDir, file);
  if (!options.rotate) {
    try {
      const existing = fs.readFileSync(full, 'utf8').trim();
      if (valid.test(existing)) return existing;
    } catch {
      // none yet
    }
  }
  const secret = make();
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const tmp = `${full}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${secret}\n`, { mode: 0o600 });
  fs.renameSync(tmp, full);
  return secret;
}

/**
 * The web session token, kept in the data folder (mode 0600) so that a restarted host accepts
 * the browsers that were already open — their unsent notes replay after a crash. `rotate`
 * (--new-token) replaces it; ENSEMBLE_TOKEN overrides it for scripts.
 */
export function loadOrCreateToken(
  dataDir: string,
  options: { rotate?: boolean; override?: string } = {},
): string {
  return loadOrCreateSecret(dataDir, TOKEN_FILE, newToken, /^[A-Za-z0-9_-]{32,}$/, options);
}

/**
 * The read-only token for pipelines (gate, decision record, schema only), kept beside the web
 * token the same way; `rotate` (--new-pipeline-token) replaces it, ENSEMBLE_PIPELINE_TOKEN
 * overrides it. It never equals the full token: an override that does is refused.
 */
export function loadOrCreatePipelineToken(
  dataDir: string,
  fullToken: string,
  options: { rotate?: boolean; override?: string } = {},
): string {
  if (options.override === fullToken)
    throw new Error('ENSEMBLE_PIPELINE_TOKEN must differ from the full token');
  return loadOrCreateSecret(
    dataDir,
    PIPELINE_TOKEN_FILE,
    () => `${PIPELINE_PREFIX}${newToken()}`,
    /^ens_ro_[A-Za-z0-9_-]{32,}$/,
    options,
  );
}
