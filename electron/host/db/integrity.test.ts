import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exitOf, REPO_ROOT, spawnProgram } from '../../../test-support/childScript';
import { tempDataDir } from '../../../test-support/tempHost';
import { startHost } from '../start';
import { listBackups } from './backup';
import { DB_FILENAME } from './database';
import { StoreUnusableError } from './integrity';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) {
    fs.chmodSync(d, 0o700);
    fs.rmSync(d, { recursive: true, force: true });
  }
});
const quiet = { log: () => {} };

/** A data folder with a real store of some size (many pages), closed cleanly. */
async function storeWithData(sessions = 200) {
  const dir = tempDataDir();
  dirs.push(dir);
  const host = await startHost({ dataDir: dir, mode: 'web', ingest: null, ...quiet });
  for (let i = 0; i < sessions; i++)
    await host.call('sessions.create', {
      title: `Session ${i} ${'x'.repeat(180)}`,
      tenantId: 'internal',
    });
  await host.close();
  return { dir, file: path.join(dir, DB_FILENAME) };
}

async function refusal(dir: string) {
  const error = await startHost({ dataDir: dir, mode: 'web', ingest: null, ...quiet }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreUnusableError);
  return (error as Error).message;
}

/** The refusal names the newest backup's restore command, and nothing was changed. */
function expectRestoreAdvice(message: string, dir: string) {
  const newest = listBackups(dir)[0]!;
  expect(message).toContain(`ensemble backups restore ${newest.name} --data-dir ${dir}`);
  expect(message).toContain('The current file is kept in the backups folder, not deleted.');
}

describe('damaged stores are found and explained at start, never replaced', () => {
  it('a bad header: not a store', async () => {
    const { dir, file } = await storeWithData(5);
    const damaged = Buffer.concat([
      Buffer.from('PK\x03\x04 this is a zip now'),
      fs.readFileSync(file).subarray(24),
    ]);
    fs.writeFileSync(file, damaged);
    const message = await refusal(dir);
    expect(message).toContain(
      `Ensemble cannot use ${file}: it is not an Ensemble store (its header is not a SQLite database header)`,
    );
    expectRestoreAdvice(message, dir);
    expect(fs.readFileSync(file).equals(damaged)).toBe(true);
  });

  it('a truncated file', async () => {
    const { dir, file } = await storeWithData();
    const whole = fs.readFileSync(file);
    fs.writeFileSync(file, whole.subarray(0, Math.floor(whole.length / 2) + 100));
    const message = await refusal(dir);
    expect(message).toMatch(
      new RegExp(
        `Ensemble cannot use ${file}: it is truncated \\(\\d+ bytes, where its header says ${whole.length}\\)`,
      ),
    );
    expectRestoreAdvice(message, dir);
  });

  it('4 KB of random damage inside the file: quick_check finds it, and no write reaches the file', async () => {
    const { dir, file } = await storeWithData();
    const bytes = fs.readFileSync(file);
    const noise = Buffer.alloc(4096);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919 + 13) % 251;
    noise.copy(bytes, Math.floor(bytes.length / 2 / 4096) * 4096);
    fs.writeFileSync(file, bytes);
    const message = await refusal(dir);
    expect(message).toContain(`Ensemble cannot use ${file}: it is damaged`);
    expectRestoreAdvice(message, dir);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  it('an empty file where a store existed is refused; without one it is simply a new store', async () => {
    const { dir, file } = await storeWithData(1);
    fs.truncateSync(file, 0);
    const message = await refusal(dir);
    expect(message).toContain(
      `Ensemble cannot use ${file}: it is empty (0 bytes), but a store existed here`,
    );
    expectRestoreAdvice(message, dir);
    expect(fs.statSync(file).size).toBe(0);

    const fresh = tempDataDir();
    dirs.push(fresh);
    fs.writeFileSync(path.join(fresh, DB_FILENAME), '');
    const host = await startHost({ dataDir: fresh, mode: 'web', ingest: null, ...quiet });
    expect(await host.call('sessions.list', {})).toEqual([]);
    await host.close();
  });

  it('with no backup at all, the advice is to move the file aside (kept for recovery)', async () => {
    const { dir, file } = await storeWithData(1);
    fs.rmSync(path.join(dir, 'backups'), { recursive: true });
    fs.writeFileSync(
      file,
      'garbage garbage garbage garbage garbage garbage garbage garbage garbage garbage garbage garbage',
    );
    const message = await refusal(dir);
    expect(message).toContain('There is no automatic backup in');
    expect(message).toContain(
      `move ${file} (and ${file}-wal, if there is one) to another folder to start with an empty store`,
    );
  });

  it('the CLI refuses a damaged file with the same explanation', async () => {
    const { dir, file } = await storeWithData(1);
    fs.writeFileSync(file, Buffer.alloc(8192, 1));
    await expect(startHost({ dataDir: dir, mode: 'cli', ingest: null })).rejects.toThrow(
      `Ensemble cannot use ${file}: it is not an Ensemble store`,
    );
  });

  it('a read-only data folder is refused with what to do (as another user, since root may write anywhere)', async () => {
    const { dir } = await storeWithData(1);
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'ensemble-ro-'));
    dirs.push(parent);
    const ro = path.join(parent, 'data');
    fs.cpSync(dir, ro, { recursive: true });
    fs.chmodSync(parent, 0o755);
    fs.chmodSync(ro, 0o555);
    for (const f of fs.readdirSync(ro)) fs.chmodSync(path.join(ro, f), 0o755);
    const asOther = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const child = spawnProgram(
      `import { startHost } from ${JSON.stringify(path.join(REPO_ROOT, 'electron/host/start.ts'))};
       startHost({ dataDir: process.argv[2]!, mode: 'web', ingest: null, log: () => {} }).then(
         () => console.log('started'),
         (e) => { console.log(e.message); process.exit(1); });`,
      [ro],
      asOther,
    );
    expect(await exitOf(child)).toBe(1);
    expect(child.output()).toContain(`Ensemble cannot use ${ro}: the data folder is read-only.`);
    expect(child.output()).toContain(`give your user write permission on ${ro}`);
  });
});
