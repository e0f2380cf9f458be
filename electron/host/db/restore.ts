import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { backupName, backupsDir, parseBackupName } from './backup';
import { DB_FILENAME } from './database';
import { checkFile, quickCheck, storedSchemaVersion, StoreUnusableError } from './integrity';
import { LATEST_SCHEMA_VERSION } from './migrations';

/** A restore asked for from the app, applied by the next start before the store opens. */
export const RESTORE_REQUEST = 'restore-request.json';

/** The backup cannot be restored (unknown name, damaged, too new): nothing was changed. */
export class RestoreError extends Error {
  override name = 'RestoreError';
}

type Options = { nativeBinding?: string; now?: () => Date };

/** The path of a backup fit to restore, after the same checks the store gets at start. */
export function verifyBackup(dataDir: string, name: string, options: Options = {}): string {
  if (!parseBackupName(name))
    throw new RestoreError(
      `"${name.slice(0, 100)}" is not a backup name; \`ensemble backups list\` shows them`,
    );
  const file = path.join(backupsDir(dataDir), name);
  if (!fs.existsSync(file))
    throw new RestoreError(`There is no backup ${name} in ${backupsDir(dataDir)}`);
  try {
    checkFile(dataDir, file);
    quickCheck(dataDir, file, options);
  } catch (error) {
    if (error instanceof StoreUnusableError)
      throw new RestoreError(
        `The backup ${name} cannot be restored: ${error.problem}. Choose another one.`,
      );
    throw error;
  }
  const db = new Database(file, { readonly: true, fileMustExist: true, ...binding(options) });
  try {
    const version = storedSchemaVersion(db);
    if (version > LATEST_SCHEMA_VERSION)
      throw new RestoreError(
        `The backup ${name} was written by a newer Ensemble (schema ${version}); update Ensemble first`,
      );
  } finally {
    db.close();
  }
  return file;
}

const binding = (o: Options) => (o.nativeBinding ? { nativeBinding: o.nativeBinding } : {});

/**
 * Puts a backup in place of the store. The caller holds the data folder's lock (no host runs).
 * The current store, with its journal, is moved into backups/ as `…-before-restore.db`: a
 * restore never deletes anything, and can itself be undone the same way.
 */
export function restoreBackup(
  dataDir: string,
  name: string,
  options: Options = {},
): { restored: string; setAside: string | null } {
  const source = verifyBackup(dataDir, name, options);
  const store = path.join(dataDir, DB_FILENAME);
  let setAside: string | null = null;
  if (fs.existsSync(store)) {
    setAside = backupName(options.now?.() ?? new Date(), 'before-restore');
    const target = path.join(backupsDir(dataDir), setAside);
    for (const suffix of ['-wal', '-shm']) {
      const part = `${store}${suffix}`;
      if (fs.existsSync(part)) fs.renameSync(part, `${target}${suffix}`);
    }
    fs.renameSync(store, target);
  }
  const incoming = `${store}.restoring`;
  fs.copyFileSync(source, incoming);
  fs.renameSync(incoming, store);
  return { restored: name, setAside };
}

/** Records a restore for the next start (the app asks while its host holds the store open). */
export function stageRestore(dataDir: string, name: string, options: Options = {}): void {
  verifyBackup(dataDir, name, options);
  fs.writeFileSync(
    path.join(dataDir, RESTORE_REQUEST),
    JSON.stringify({ name, requestedAt: (options.now?.() ?? new Date()).toISOString() }),
  );
}

/** Applies a staged restore, if any; the request is consumed whether or not it succeeds. */
export function applyStagedRestore(dataDir: string, options: Options = {}) {
  const request = path.join(dataDir, RESTORE_REQUEST);
  if (!fs.existsSync(request)) return null;
  let name: unknown;
  try {
    name = (JSON.parse(fs.readFileSync(request, 'utf8')) as { name?: unknown }).name;
  } catch {
    name = null;
  }
  fs.rmSync(request, { force: true });
  if (typeof name !== 'string')
    throw new RestoreError(
      `The restore asked for in ${request} is unreadable; nothing was changed`,
    );
  return restoreBackup(dataDir, name, options);
}
