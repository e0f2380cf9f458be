import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDataDir } from '../../../test-support/tempHost';
import { DB_FILENAME, DatabaseTooNewError, openDatabase, schemaVersion } from './database';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations';

const dirs: string[] = [];
const fresh = () => {
  const d = tempDataDir();
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('openDatabase', () => {
  it('caps the page cache of the host’s and the CLI’s connections (SQLite here keeps up to 16 MB each)', () => {
    const dir = fresh();
    const db = openDatabase(dir);
    // Negative: KiB. Every long-lived connection fills its cache once the store outgrows it.
    expect(db.pragma('cache_size', { simple: true })).toBe(-8192);
    const cli = openDatabase(dir, { readonly: true });
    expect(cli.pragma('cache_size', { simple: true })).toBe(-2048);
    cli.close();
    db.close();
  });

  it('creates the store with WAL, foreign keys and every migration recorded', () => {
    const dir = fresh();
    const db = openDatabase(dir);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    const recorded = db
      .prepare('SELECT version, name FROM schema_migrations ORDER BY version')
      .all();
    expect(recorded).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    db.close();
    expect(fs.existsSync(path.join(dir, DB_FILENAME))).toBe(true);
  });

  it('applies only the migrations a store lacks when reopened', () => {
    const dir = fresh();
    openDatabase(dir).close();
    const extra = [
      ...MIGRATIONS,
      { version: 99, name: 'test: add table', sql: 'CREATE TABLE extra (x)' },
    ];
    const db = openDatabase(dir, { migrations: extra });
    expect(schemaVersion(db)).toBe(99);
    expect(db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({
      n: MIGRATIONS.length + 1,
    });
    db.close();
  });

  it('rolls back a failing migration as a whole', () => {
    const dir = fresh();
    openDatabase(dir).close();
    const broken = [
      ...MIGRATIONS,
      { version: 50, name: 'half', sql: 'CREATE TABLE half (x); INSERT INTO nowhere VALUES (1);' },
    ];
    expect(() => openDatabase(dir, { migrations: broken })).toThrow(/nowhere/);
    const db = openDatabase(dir);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    db.close();
  });

  it('refuses to open a store written by a newer version, and leaves it untouched', () => {
    const dir = fresh();
    openDatabase(dir).close();
    const raw = new Database(path.join(dir, DB_FILENAME));
    raw
      .prepare(
        "INSERT INTO schema_migrations VALUES (999, 'from the future', '2030-01-01T00:00:00Z')",
      )
      .run();
    raw.close();
    expect(() => openDatabase(dir)).toThrow(DatabaseTooNewError);
    expect(() => openDatabase(dir)).toThrow(/newer Ensemble \(database schema 999/);
    const again = new Database(path.join(dir, DB_FILENAME));
    expect(again.prepare('SELECT MAX(version) AS v FROM schema_migrations').get()).toEqual({
      v: 999,
    });
    again.close();
  });

  it('enforces foreign keys: deleting a session removes its goals and participants', () => {
    const db = openDatabase(fresh());
    const now = new Date().toISOString();
    db.prepare(
      `INSERT INTO sessions (id, title, tenant_id, environment, timebox_minutes, rotation_minutes,
        break_every, votes_per_participant, note_writers, created_at, updated_at)
       VALUES ('S', 't', 'internal', 'production', 60, 8, 5, 3, 'everyone', ?, ?)`,
    ).run(now, now);
    db.prepare(
      "INSERT INTO goals (id, session_id, title, priority, position, created_at, updated_at) VALUES ('G', 'S', 'g', 'must', 0, ?, ?)",
    ).run(now, now);
    expect(() =>
      db
        .prepare(
          "INSERT INTO goals (id, session_id, title, priority, position, created_at, updated_at) VALUES ('H', 'nope', 'g', 'must', 0, ?, ?)",
        )
        .run(now, now),
    ).toThrow(/FOREIGN KEY/);
    db.prepare("DELETE FROM sessions WHERE id = 'S'").run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM goals').get()).toEqual({ n: 0 });
    db.close();
  });
});
