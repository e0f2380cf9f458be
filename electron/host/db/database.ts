import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations';
import { PAGE_CACHE_KIB, pageCachePragma } from './pageCache';
import { writeTransaction } from './write';

export type Db = Database.Database;

export class DatabaseTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `This data folder was written by a newer Ensemble (database schema ${found}; this version ` +
        `understands up to ${supported}). Update Ensemble, or point it at another data folder.`,
    );
    this.name = 'DatabaseTooNewError';
  }
}

export class DatabaseTooOldError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `This data folder was written by an older Ensemble (database schema ${found}; this version ` +
        `reads ${supported}). Open it once with the Ensemble app or web mode to bring it up to date.`,
    );
    this.name = 'DatabaseTooOldError';
  }
}

export type OpenOptions = {
  /** Path of an Electron-ABI better_sqlite3.node (desktop shell in development only). */
  nativeBinding?: string;
  migrations?: readonly Migration[];
  /**
   * Read only (the CLI): the file must exist, nothing is migrated or written, and a schema
   * other than this version's is refused instead of upgraded.
   */
  readonly?: boolean;
};

export const DB_FILENAME = 'ensemble.db';
/** How long a statement waits for another connection's lock (the feed writer's) before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

/** Open (creating if needed) the store in a data folder and bring its schema up to date. */
export function openDatabase(dataDir: string, options: OpenOptions = {}): Db {
  if (options.readonly) return openReadonly(dataDir, options);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const db = new Database(
    path.join(dataDir, DB_FILENAME),
    options.nativeBinding ? { nativeBinding: options.nativeBinding } : {},
  );
  try {
    // First: even switching to WAL waits for a lock when another connection is busy.
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma(pageCachePragma(PAGE_CACHE_KIB.host));
    migrate(db, options.migrations ?? MIGRATIONS);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

function openReadonlyFile(file: string, options: OpenOptions): Db {
  const db = new Database(file, {
    readonly: true,
    fileMustExist: true,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // A WAL store is read through its -shm file; this is where a folder we cannot write fails.
    db.prepare('SELECT 1 FROM sqlite_master LIMIT 1').get();
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * A data folder this process cannot write (a read-only mount, another user's copy) cannot give
 * SQLite the -shm file a WAL store is read through: the store and its journal are read from a
 * private copy instead, removed when the process exits. Nothing in the folder is touched.
 */
function openReadonlyCopy(dataDir: string, options: OpenOptions): Db {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'ensemble-read-'));
  process.once('exit', () => fs.rmSync(copy, { recursive: true, force: true }));
  for (const suffix of ['', '-wal']) {
    const from = path.join(dataDir, DB_FILENAME + suffix);
    if (fs.existsSync(from)) fs.copyFileSync(from, path.join(copy, DB_FILENAME + suffix));
  }
  return openReadonlyFile(path.join(copy, DB_FILENAME), options);
}

const READ_ONLY_FOLDER = new Set([
  'SQLITE_READONLY_DIRECTORY',
  'SQLITE_CANTOPEN',
  'SQLITE_READONLY',
]);

function openReadonly(dataDir: string, options: OpenOptions): Db {
  let db: Db;
  try {
    db = openReadonlyFile(path.join(dataDir, DB_FILENAME), options);
  } catch (err) {
    if (!READ_ONLY_FOLDER.has((err as { code?: string }).code ?? '')) throw err;
    db = openReadonlyCopy(dataDir, options);
  }
  try {
    db.pragma(pageCachePragma(PAGE_CACHE_KIB.cli));
    const latest = latestOf(options.migrations ?? MIGRATIONS);
    const hasTable = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
      .get();
    const current = hasTable ? schemaVersion(db) : 0;
    if (current > latest) throw new DatabaseTooNewError(current, latest);
    if (current < latest) throw new DatabaseTooOldError(current, latest);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

const latestOf = (migrations: readonly Migration[]) =>
  migrations.reduce((max, m) => Math.max(max, m.version), 0);

export function schemaVersion(db: Db): number {
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as {
    v: number | null;
  };
  return row.v ?? 0;
}

export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const latest = latestOf(migrations);
  const current = schemaVersion(db);
  if (current > latest) throw new DatabaseTooNewError(current, latest);

  const record = db.prepare(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  );
  const pending = [...migrations]
    .filter((m) => m.version > current)
    .sort((a, b) => a.version - b.version);
  for (const m of pending) {
    writeTransaction(db, () => {
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
    });
  }
}

export { LATEST_SCHEMA_VERSION };
