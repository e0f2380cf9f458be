import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDataDir } from '../../../test-support/tempHost';
import { writerBundle } from '../../../test-support/writerBundle';
import { copyOnThisThread, copyOnWorker, type CopyStore } from './backupJob';

const bundle = writerBundle('backup');
let dir: string;
let file: string;
beforeAll(async () => {
  await bundle.build();
  dir = tempDataDir('ensemble-backup-job-');
  file = path.join(dir, 'store.db');
  // A store of about 40 MB, written in WAL mode as the host writes it.
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB);
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40000)
    INSERT INTO t (body) SELECT randomblob(1000) FROM n;`);
  db.close();
});
afterAll(() => {
  bundle.remove();
  fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * Copies the store while this thread's event loop looks at the copy at every turn: the turns
 * that ran while the copy was being written (its file holds data, the copy is not done).
 */
async function turnsWhileCopying(copy: CopyStore, target: string) {
  let seen = 0;
  let copying = true;
  const look = () => {
    if (!copying) return;
    try {
      if (fs.statSync(target).size > 0) seen++;
    } catch {
      // not created yet
    }
    setImmediate(look);
  };
  setImmediate(look);
  await copy(target);
  copying = false;
  return seen;
}

const rows = (target: string) => {
  const db = new Database(target, { readonly: true });
  try {
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');
    return (db.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('backup copies', () => {
  it('made on a worker thread: whole and consistent, and this thread keeps turning meanwhile', async () => {
    const source = new Database(file, { readonly: true });
    const here = await turnsWhileCopying(copyOnThisThread(source), path.join(dir, 'here.db'));
    source.close();
    const there = await turnsWhileCopying(
      copyOnWorker(bundle.script, file),
      path.join(dir, 'there.db'),
    );
    expect(rows(path.join(dir, 'here.db'))).toBe(40000);
    expect(rows(path.join(dir, 'there.db'))).toBe(40000);
    // On this thread the copy is one blocking step: nothing else runs while it writes. On a
    // worker, this thread (the one that answers the API) runs all along.
    expect(here).toBe(0);
    expect(there).toBeGreaterThan(0);
  });

  it('a copy that fails on the worker rejects with SQLite’s reason and leaves nothing behind', async () => {
    const target = path.join(dir, 'missing-folder', 'copy.db');
    await expect(copyOnWorker(bundle.script, file)(target)).rejects.toThrow(/directory/);
    expect(fs.existsSync(target)).toBe(false);
    await expect(
      copyOnWorker(bundle.script, path.join(dir, 'no-such.db'))(path.join(dir, 'x.db')),
    ).rejects.toThrow(/unable to open|does not exist/i);
  });
});
