/**
 * Which storage failures are a state of the disk rather than a bug: a full disk (SQLite's
 * SQLITE_FULL, or ENOSPC/EDQUOT from a file write) and a store that cannot be written at all
 * (read-only, failing, or gone). Both pass once the disk does; callers keep what they were given
 * and ask to be retried, instead of answering "Internal error".
 */
export type StorageFailure = 'full' | 'unavailable';

const FULL = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT']);
const UNAVAILABLE = /^(SQLITE_IOERR|SQLITE_READONLY|SQLITE_CANTOPEN)|^(EROFS|EIO)$/;

/** The failure an error stands for (by its SQLite or system code), or null for any other error. */
export function storageFailureOf(error: unknown): StorageFailure | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? storageFailureOfCode(code) : null;
}

export function storageFailureOfCode(code: string): StorageFailure | null {
  if (FULL.has(code)) return 'full';
  return UNAVAILABLE.test(code) ? 'unavailable' : null;
}

/** What a user is told when a command could not be saved (notes wait on their device meanwhile). */
export const STORAGE_MESSAGES: Record<StorageFailure, string> = {
  full:
    'Disk full: Ensemble could not save this. Free some space on the disk that holds its data ' +
    'folder, then try again; notes are kept on your device and sent by themselves.',
  unavailable:
    'Ensemble cannot write to its data folder (read-only or failing disk), so this was not ' +
    'saved. Notes are kept on your device and sent by themselves once writing works again.',
};
