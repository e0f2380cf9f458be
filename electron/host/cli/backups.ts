import { listBackups } from '../db/backup';
import { DataFolderInUseError, lockDataFolder } from '../db/lock';
import { restoreBackup, RestoreError } from '../db/restore';

type Io = { out: (text: string) => void; err: (text: string) => void };

/** `ensemble backups list`: name, why it was made, when, size; newest first. */
export function listBackupsCommand(dataDir: string, io: Io): number {
  const backups = listBackups(dataDir);
  if (backups.length === 0) {
    io.out(`No backups in ${dataDir}.\n`);
    return 0;
  }
  for (const b of backups)
    io.out(
      `${b.name}  ${b.reason.padEnd(16)}  ${b.createdAt}  ${(b.bytes / 1024).toFixed(0)} KB\n`,
    );
  return 0;
}

/**
 * `ensemble backups restore NAME`: only while no host runs on the folder (this command takes
 * the folder's lock for the time of the restore). The current store is set aside, never deleted.
 */
export function restoreBackupCommand(dataDir: string, name: string, io: Io): number {
  let lock;
  try {
    lock = lockDataFolder(dataDir, 'restore');
  } catch (error) {
    if (!(error instanceof DataFolderInUseError)) throw error;
    io.err(
      `ensemble: ${error.message}\nA backup is restored only while no Ensemble runs on the ` +
        `folder; or restore it from the running app (Sessions → Backups).\n`,
    );
    return 1;
  }
  try {
    const result = restoreBackup(dataDir, name);
    io.out(
      `Restored ${result.restored}.\n` +
        (result.setAside
          ? `The store it replaced is kept as backups/${result.setAside} (restore that to undo).\n`
          : '') +
        'Start Ensemble again to use it.\n',
    );
    return 0;
  } catch (error) {
    if (!(error instanceof RestoreError)) throw error;
    io.err(`ensemble: ${error.message}\n`);
    return 1;
  } finally {
    lock.release();
  }
}
