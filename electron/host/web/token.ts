import fs from 'node:fs';
import path from 'node:path';
import { newToken } from './auth';

export const TOKEN_FILE = 'web-token';

/**
 * The web session token, kept in the data folder (mode 0600) so that a restarted host accepts
 * the browsers that were already open — their unsent notes replay after a crash. `rotate`
 * (--new-token) replaces it; ENSEMBLE_TOKEN overrides it for scripts.
 */
export function loadOrCreateToken(
  dataDir: string,
  options: { rotate?: boolean; override?: string } = {},
): string {
  if (options.override) return options.override;
  const file = path.join(dataDir, TOKEN_FILE);
  if (!options.rotate) {
    try {
      const existing = fs.readFileSync(file, 'utf8').trim();
      if (/^[A-Za-z0-9_-]{32,}$/.test(existing)) return existing;
    } catch {
      // no token yet
    }
  }
  const token = newToken();
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${token}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
  return token;
}
