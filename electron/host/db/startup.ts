import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { createBackup } from './backup';
import { copyOnThisThread } from './backupJob';
import { DatabaseTooNewError, DatabaseTooOldError, DB_FILENAME } from './database';
import {
  checkFile,
  checkWritable,
  explainSqliteError,
  quickCheck,
  storedSchemaVersion,
  StoreUnusableError,
} from './integrity';
import { DataFolderInUseError, lockDataFolder, type FolderLock } from './lock';
import { LATEST_SCHEMA_VERSION } from './migrations';
import { applyStagedRestore, RestoreError } from './restore';

type Options = { nativeBinding?: string; now?: () => Date; log?: (line: string) => void };

/**
 * Everything that must hold before a host opens its store: the data folder is writable and
 * this process's alone, a restore asked for from the app is applied, the file is a whole,
 * undamaged store (never silently replaced when empty), and a store about to be migrated is
 * backed up first. The CLI reads only: it takes no lock and only gets the file checks.
 * Every refusal is an error whose message says what is wrong and what to do.
 */
export async function prepareStore(
  dataDir: string,
  mode: string,
  options: Options = {},
): Promise<FolderLock | null> {
  if (mode === 'cli') {
    checkFile(dataDir);
    return null;
  }
  try {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw explainSqliteError(error, dataDir, dataDir);
  }
  checkWritable(dataDir);
  let lock: FolderLock;
  try {
    lock = lockDataFolder(dataDir, mode, options);
  } catch (error) {
    throw explainSqliteError(error, dataDir, path.join(dataDir, DB_FILENAME));
  }
  try {
    const restored = applyStagedRestore(dataDir, options);
    if (restored)
      options.log?.(
        `Restored ${restored.restored}; the store it replaced is kept as backups/${restored.setAside}`,
      );
    checkFile(dataDir);
    quickCheck(dataDir, undefined, options);
    await backupBeforeMigration(dataDir, options);
    return lock;
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function backupBeforeMigration(dataDir: string, options: Options) {
  const file = path.join(dataDir, DB_FILENAME);
  if (!fs.existsSync(file) || fs.statSync(file).size === 0) return;
  const db = new Database(file, {
    fileMustExist: true,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  try {
    const version = storedSchemaVersion(db);
    if (version > 0 && version < LATEST_SCHEMA_VERSION)
      await createBackup(
        copyOnThisThread(db),
        dataDir,
        'before-migration',
        options.now?.() ?? new Date(),
      );
  } catch (error) {
    throw explainSqliteError(error, dataDir, file);
  } finally {
    db.close();
  }
}

/**
 * The message to show, without a stack, when a start-up fails for a reason a person can act on
 * (the folder in use, a damaged, empty or read-only store, a store of another version, a
 * restore that cannot be applied); null for anything else (a defect: show it whole).
 */
export function startupRefusal(error: unknown, dataDir: string): string | null {
  const explained = explainSqliteError(error, dataDir, dataDir);
  const known = [
    DataFolderInUseError,
    StoreUnusableError,
    RestoreError,
    DatabaseTooNewError,
    DatabaseTooOldError,
  ];
  return known.some((kind) => explained instanceof kind) ? (explained as Error).message : null;
}
