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

/** Each entry says what sealed it, so one file can hold entries the keychain sealed and others. */
type Entry = { sealedWith: string | null; value: string };
type FileShape = { version: 2; entries: Record<string, Entry> };
type FileV1 = { version: 1; sealedWith: string | null; entries: Record<string, string> };

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
    let parsed: FileShape | FileV1;
    try {
      parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as FileShape | FileV1;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 2, entries: {} };
      throw new Error(`The credentials file ${file} cannot be read: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (parsed.version === 1) {
      const v1 = parsed;
      return {
        version: 2,
        entries: Object.fromEntries(
          Object.entries(v1.entries).map(([k, value]) => [k, { sealedWith: v1.sealedWith, value }]),
        ),
      };
    }
    return parsed;
  }

  function write(shape: FileShape) {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(shape), { mode: 0o600 });
    fs.chmodSync(tmp, 0o600); // the mode above is masked by the umask
    fs.renameSync(tmp, file);
  }

  const seal = (plain: string): Entry =>
    cipher
      ? { sealedWith: cipher.label, value: cipher.encrypt(plain).toString('base64') }
      : { sealedWith: null, value: Buffer.from(plain).toString('base64') };
  const open = (e: Entry) => {
    if (e.sealedWith === null) return Buffer.from(e.value, 'base64').toString('utf8');
    if (!cipher || cipher.label !== e.sealedWith)
      throw new Error(
        `The credentials are sealed with ${e.sealedWith}, which is not available here`,
      );
    return cipher.decrypt(Buffer.from(e.value, 'base64'));
  };

  return {
    /** Where they live, for the README and the status line. */
    describe: () => (cipher ? `${cipher.label}, in ${file}` : `${file} (readable by you only)`),
    get<T>(id: string): T | null {
      const entry = read().entries[id];
      return entry === undefined ? null : (JSON.parse(open(entry)) as T);
    },
    set(id: string, value: unknown) {
      const shape = read();
      // Entries stored without a cipher are sealed once one is available (e.g. the desktop app
      // opening a data folder web mode used); sealed ones are left as they are.
      if (cipher)
        for (const [k, e] of Object.entries(shape.entries))
          if (e.sealedWith === null) shape.entries[k] = seal(open(e));
      shape.entries[id] = seal(JSON.stringify(value));
      write(shape);
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
