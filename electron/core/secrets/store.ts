import fs from 'node:fs';
import path from 'node:path';

/**
 * Encrypts credentials at rest. The desktop app passes one backed by the OS keychain (Electron
 * safeStorage); web mode has none and relies on the file being readable by its owner only.
 */
export type SecretCipher = {
  /** Shown in the source status, e.g. "OS keychain". */
  label: string;
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
};

type FileShape = { version: 1; sealedWith: string | null; entries: Record<string, string> };

export const CREDENTIALS_FILE = 'credentials.json';

/**
 * Credentials of pull sources, kept by the host only: a file in the data folder with mode 0600,
 * each entry sealed by the cipher when there is one. Written whole to a temporary file and
 * renamed, so a crash leaves the old file or the new one, never half of one. Nothing here ever
 * goes to the renderer, the database or an export.
 */
export function createSecretStore(dataDir: string, cipher?: SecretCipher) {
  const file = path.join(dataDir, CREDENTIALS_FILE);

  function read(): FileShape {
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as FileShape;
      if (parsed && parsed.version === 1 && typeof parsed.entries === 'object') return parsed;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new Error(
          `The credentials file ${file} cannot be read: ${(error as Error).message}`,
          {
            cause: error,
          },
        );
      }
    }
    return { version: 1, sealedWith: cipher ? cipher.label : null, entries: {} };
  }

  function write(shape: FileShape) {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(shape), { mode: 0o600 });
    fs.chmodSync(tmp, 0o600); // the mode above is masked by the umask
    fs.renameSync(tmp, file);
  }

  const seal = (plain: string) =>
    cipher ? cipher.encrypt(plain).toString('base64') : Buffer.from(plain).toString('base64');
  const open = (stored: string, sealedWith: string | null) => {
    if (sealedWith === null) return Buffer.from(stored, 'base64').toString('utf8');
    if (!cipher)
      throw new Error(`The credentials are sealed with ${sealedWith}, which is not available here`);
    return cipher.decrypt(Buffer.from(stored, 'base64'));
  };

  return {
    /** Where they live, for the README and the status line. */
    describe: () => (cipher ? `${cipher.label}, in ${file}` : `${file} (readable by you only)`),
    get<T>(id: string): T | null {
      const shape = read();
      const stored = shape.entries[id];
      return stored === undefined ? null : (JSON.parse(open(stored, shape.sealedWith)) as T);
    },
    set(id: string, value: unknown) {
      const shape = read();
      // A file written without a cipher is re-sealed once one is available (e.g. the desktop app
      // opening a data folder that web mode used).
      const entries: Record<string, string> = {};
      for (const [k, v] of Object.entries(shape.entries))
        entries[k] =
          shape.sealedWith === (cipher?.label ?? null) ? v : seal(open(v, shape.sealedWith));
      entries[id] = seal(JSON.stringify(value));
      write({ version: 1, sealedWith: cipher ? cipher.label : null, entries });
    },
    delete(id: string) {
      const shape = read();
      if (!(id in shape.entries)) return;
      delete shape.entries[id];
      write(shape);
    },
    has: (id: string) => id in read().entries,
    keys: () => Object.keys(read().entries),
  };
}
export type SecretStore = ReturnType<typeof createSecretStore>;
