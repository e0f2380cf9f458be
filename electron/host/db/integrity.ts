import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { listBackups, restoreCommand } from './backup';
import { DB_FILENAME } from './database';

/** Kept next to the store once it exists: an empty store where this is found was not new. */
export const MARKER_FILENAME = 'ensemble.db.marker';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const WAL_HEADER_BYTES = 32;
/** quick_check stops after this many problems: enough to explain, bounded to print. */
const MAX_PROBLEMS = 5;

/**
 * The store cannot be used as it is. The message names the file, what is wrong and what to do;
 * it is what the CLI and web mode print and the desktop app shows, never a stack trace.
 */
export class StoreUnusableError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly remedy: string,
  ) {
    super(`Ensemble cannot use ${file}: ${problem}.\n${remedy}`);
    this.name = 'StoreUnusableError';
  }
}

/** What to do about a damaged or empty store: the newest backup's restore command, or move it aside. */
export function damagedRemedy(dataDir: string): string {
  const file = path.join(dataDir, DB_FILENAME);
  const newest = listBackups(dataDir).find((b) => b.reason !== 'before-restore');
  const aside =
    `move ${file} (and ${file}-wal, if there is one) to another folder to start with an empty ` +
    `store; keep it, a recovery tool (sqlite3's .recover) may save part of it.`;
  if (!newest)
    return `There is no automatic backup in ${path.join(dataDir, 'backups')}. To start again, ${aside}`;
  return (
    `Restore the newest automatic backup (${newest.name}, made ${newest.createdAt}) with no ` +
    `Ensemble running:\n  ${restoreCommand(dataDir, newest.name)}\n` +
    `The current file is kept in the backups folder, not deleted. Or ${aside}`
  );
}

const readOnlyRemedy = (target: string) =>
  `Ensemble needs to write there: give your user write permission on ${target} ` +
  `(for example chmod u+w), or point Ensemble at another data folder (--data-dir).`;

const isReadOnlyCode = (code: string | undefined) =>
  code === 'EACCES' || code === 'EPERM' || code === 'EROFS';

/** The folder and the file can be written: a read-only store is refused with a reason. */
export function checkWritable(dataDir: string): void {
  const file = path.join(dataDir, DB_FILENAME);
  for (const [target, what] of [
    [dataDir, 'the data folder is read-only'],
    [file, 'the file is read-only'],
  ] as const) {
    if (!fs.existsSync(target)) continue;
    try {
      fs.accessSync(target, fs.constants.R_OK | fs.constants.W_OK);
    } catch (error) {
      if (isReadOnlyCode((error as NodeJS.ErrnoException).code))
        throw new StoreUnusableError(target, what, readOnlyRemedy(target));
      throw error;
    }
  }
}

/** A store was created here before: the marker, a backup, or a journal with data says so. */
function storeExisted(dataDir: string): string | null {
  if (fs.existsSync(path.join(dataDir, MARKER_FILENAME))) return `${MARKER_FILENAME} records one`;
  if (listBackups(dataDir).length) return 'its backups are in the backups folder';
  if (walBytes(dataDir) > WAL_HEADER_BYTES) return 'its journal (ensemble.db-wal) holds data';
  return null;
}

function walBytes(dataDir: string): number {
  try {
    return fs.statSync(path.join(dataDir, `${DB_FILENAME}-wal`)).size;
  } catch {
    return 0;
  }
}

/**
 * Checks what can be seen without SQLite: an empty file where a store existed, a file too
 * short or with a header that is not SQLite's, and a file shorter than its header says.
 */
export function checkFile(dataDir: string, file = path.join(dataDir, DB_FILENAME)): void {
  if (!fs.existsSync(file)) {
    if (file === path.join(dataDir, DB_FILENAME) && walBytes(dataDir) > WAL_HEADER_BYTES)
      throw new StoreUnusableError(
        file,
        'it is missing, but its journal (ensemble.db-wal) is still there',
        damagedRemedy(dataDir),
      );
    return;
  }
  const size = fs.statSync(file).size;
  if (size === 0) {
    const evidence = storeExisted(dataDir);
    if (evidence)
      throw new StoreUnusableError(
        file,
        `it is empty (0 bytes), but a store existed here (${evidence}); Ensemble will not ` +
          `start over in its place`,
        damagedRemedy(dataDir),
      );
    return;
  }
  const header = Buffer.alloc(100);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, header, 0, 100, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (!header.subarray(0, 16).equals(SQLITE_MAGIC))
    throw new StoreUnusableError(
      file,
      'it is not an Ensemble store (its header is not a SQLite database header): it was ' +
        'overwritten or replaced by another file',
      damagedRemedy(dataDir),
    );
  if (size < 100) throw truncated(dataDir, file, size, null);
  const raw = header.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0)
    throw new StoreUnusableError(
      file,
      `its header is damaged (page size ${raw})`,
      damagedRemedy(dataDir),
    );
  // While the journal holds data, the file may legitimately lag its header (a checkpoint cut
  // short): SQLite's own check after opening judges that case.
  if (walBytes(dataDir) > WAL_HEADER_BYTES && file === path.join(dataDir, DB_FILENAME)) return;
  const headerValid = header.readUInt32BE(92) === header.readUInt32BE(24);
  const expected = headerValid ? header.readUInt32BE(28) * pageSize : null;
  if (size % pageSize !== 0 || (expected !== null && size < expected))
    throw truncated(dataDir, file, size, expected);
}

const truncated = (dataDir: string, file: string, size: number, expected: number | null) =>
  new StoreUnusableError(
    file,
    `it is truncated (${size} bytes${expected ? `, where its header says ${expected}` : ''})`,
    damagedRemedy(dataDir),
  );

/**
 * SQLite's quick_check over the whole file: every page and index entry is read once (linear in
 * the file's size, no index cross-check like integrity_check). Throws a refusal if damaged.
 */
export function quickCheck(
  dataDir: string,
  file = path.join(dataDir, DB_FILENAME),
  options: { nativeBinding?: string } = {},
): void {
  if (!fs.existsSync(file) || fs.statSync(file).size === 0) return;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, {
      fileMustExist: true,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
    const rows = db.pragma(`quick_check(${MAX_PROBLEMS})`, { simple: false }) as Array<{
      quick_check: string;
    }>;
    const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
    if (problems.length)
      throw new StoreUnusableError(
        file,
        `it is damaged (SQLite's check found ${problems.length === MAX_PROBLEMS ? `${MAX_PROBLEMS} or more problems` : `${problems.length} problem${problems.length > 1 ? 's' : ''}`}, the first: ${problems[0]!.slice(0, 200)})`,
        damagedRemedy(dataDir),
      );
  } catch (error) {
    throw explainSqliteError(error, dataDir, file);
  } finally {
    db?.close();
  }
}

/** A SQLite error met while opening or checking, as a refusal a person can act on. */
export function explainSqliteError(error: unknown, dataDir: string, file: string): unknown {
  if (error instanceof StoreUnusableError) return error;
  const code = (error as { code?: string }).code ?? '';
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'))
    return new StoreUnusableError(
      file,
      `it is damaged (SQLite: ${(error as Error).message})`,
      damagedRemedy(dataDir),
    );
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN'))
    return new StoreUnusableError(
      file,
      `it cannot be opened for writing (SQLite: ${(error as Error).message})`,
      readOnlyRemedy(dataDir),
    );
  if (isReadOnlyCode((error as NodeJS.ErrnoException).code))
    return new StoreUnusableError(dataDir, 'the data folder is read-only', readOnlyRemedy(dataDir));
  return error;
}

/** Records that a store exists here, so an empty file in its place is refused later. */
export function writeMarker(dataDir: string, now: Date): void {
  const marker = path.join(dataDir, MARKER_FILENAME);
  if (fs.existsSync(marker)) return;
  fs.writeFileSync(
    marker,
    `An Ensemble store was created here on ${now.toISOString()}. While this file exists, an ` +
      `empty ensemble.db is refused instead of silently replaced by a new store.\n`,
  );
}

/** The schema version a store records; 0 for a store with no migrations table. */
export function storedSchemaVersion(db: Database.Database): number {
  const hasTable = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
    .get();
  if (!hasTable) return 0;
  return (db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get() ?? 0) as number;
}
