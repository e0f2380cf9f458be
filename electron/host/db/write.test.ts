import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDataDir } from '../../../test-support/tempHost';
import { DB_FILENAME, openDatabase, type Db } from './database';
import { isBusyError, writeTransaction } from './write';

let dir: string;
let db: Db;
/** A second connection to the same file, as the feed writer thread has; it never waits. */
let other: Db;
beforeEach(() => {
  dir = tempDataDir();
  db = openDatabase(dir, {
    migrations: [{ version: 1, name: 'test', sql: 'CREATE TABLE t (x INTEGER)' }],
  });
  other = new Database(path.join(dir, DB_FILENAME));
  other.pragma('busy_timeout = 0');
});
afterEach(() => {
  other.close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const count = (on: Db) => (on.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n;
const insert = (on: Db, x: number) => on.prepare('INSERT INTO t (x) VALUES (?)').run(x);

describe('writeTransaction', () => {
  it('holds the write lock from its first read, so a commit elsewhere cannot break it', () => {
    // What went wrong before: a deferred transaction reads, another connection commits, and the
    // write that follows fails at once with SQLITE_BUSY_SNAPSHOT (busy_timeout does not help).
    let snapshotError: unknown;
    try {
      db.transaction(() => {
        count(db);
        insert(other, 1);
        insert(db, 2);
      })();
    } catch (error) {
      snapshotError = error;
    }
    expect(snapshotError).toMatchObject({ code: 'SQLITE_BUSY_SNAPSHOT' });

    // Now: the other connection is the one told to wait, and this transaction commits.
    const result = writeTransaction(db, () => {
      const before = count(db);
      expect(() => insert(other, 3)).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
      insert(db, 4);
      return before;
    });
    expect(result).toBe(1);
    expect(db.prepare('SELECT x FROM t ORDER BY rowid').pluck().all()).toEqual([1, 4]);
  });

  it('tries a busy transaction again, whole, and then gives up with the busy error', () => {
    let calls = 0;
    const written = writeTransaction(db, () => {
      calls++;
      insert(db, calls);
      if (calls === 1)
        throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY_SNAPSHOT' });
      return count(db);
    });
    expect(calls).toBe(2);
    expect(written).toBe(1); // the first attempt was rolled back

    // Another connection keeps the lock: a few attempts, the body never runs, nothing is written.
    db.pragma('busy_timeout = 0');
    other.exec('BEGIN IMMEDIATE');
    let ran = 0;
    expect(() => writeTransaction(db, () => void ran++)).toThrow(
      expect.objectContaining({ code: 'SQLITE_BUSY' }),
    );
    expect(ran).toBe(0);
    other.exec('ROLLBACK');
    expect(db.inTransaction).toBe(false);
    expect(writeTransaction(db, () => insert(db, 9).changes)).toBe(1);
  });

  it('does not retry other failures, and nests as a savepoint of an outer transaction', () => {
    let calls = 0;
    expect(() =>
      writeTransaction(db, () => {
        calls++;
        insert(db, 1);
        throw new Error('not allowed');
      }),
    ).toThrow('not allowed');
    expect(calls).toBe(1);
    expect(count(db)).toBe(0);

    writeTransaction(db, () => {
      insert(db, 1);
      expect(() =>
        writeTransaction(db, () => {
          insert(db, 2);
          throw new Error('inner');
        }),
      ).toThrow('inner');
      insert(db, 3);
    });
    expect(db.prepare('SELECT x FROM t ORDER BY rowid').pluck().all()).toEqual([1, 3]);
  });

  it('knows SQLite busy and locked codes from everything else', () => {
    for (const code of [
      'SQLITE_BUSY',
      'SQLITE_BUSY_SNAPSHOT',
      'SQLITE_LOCKED',
      'SQLITE_LOCKED_SHAREDCACHE',
    ])
      expect(isBusyError({ code })).toBe(true);
    for (const e of [
      { code: 'SQLITE_BUSYX' },
      { code: 'SQLITE_FULL' },
      new Error('x'),
      null,
      'SQLITE_BUSY',
    ])
      expect(isBusyError(e)).toBe(false);
  });
});
