import fs from 'node:fs';
import path from 'node:path';
import { ulid } from 'ulid';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDataDir } from '../../../test-support/tempHost';
import { listBackups } from '../db/backup';
import { DB_FILENAME } from '../db/database';
import { startHost, type RunningHost } from '../start';
import { runCli } from './run';

const dirs: string[] = [];
const hosts: RunningHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const quiet = { log: () => {} };
const start = async (dataDir: string) => {
  const host = await startHost({ dataDir, mode: 'web', ingest: null, ...quiet });
  hosts.push(host);
  return host;
};
async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}
async function until(condition: () => boolean) {
  while (!condition()) await new Promise((r) => setTimeout(r, 20));
}

/** A session with two notes, ended: the end of a session makes a backup. */
async function sessionWithNotes(host: RunningHost) {
  const { session } = await host.call('sessions.create', {
    title: 'Checkout',
    noteWriters: 'everyone',
  });
  const sessionId = session.id;
  const ana = (await host.call('participants.add', { sessionId, name: 'Ana', function: 'support' }))
    .id;
  await host.call('participants.add', { sessionId, name: 'Ben', function: 'engineering' });
  const started = await host.call('run.start', { sessionId });
  const ops = ['Card declined twice', 'Refund button missing'].map((text) => ({
    opId: ulid(),
    kind: 'note.create' as const,
    at: started.hostNow,
    note: { id: ulid(), type: 'bug' as const, text, tags: [], authorId: ana, goalId: null },
  }));
  await host.call('notes.apply', { sessionId, ops });
  await host.call('run.end', { sessionId });
  return sessionId;
}

describe('backups: made at session end, listed and restored from the CLI', () => {
  it('end to end: notes, backup, damage, refused with the command, restore, the notes are back', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const host = await start(dir);
    const sessionId = await sessionWithNotes(host);
    await until(() => listBackups(dir).some((b) => b.reason === 'session-end'));
    await hosts.pop()!.close();

    const list = await cli('backups', 'list', '--data-dir', dir);
    expect(list.code).toBe(0);
    const newest = listBackups(dir)[0]!;
    expect(newest.reason).toBe('session-end');
    expect(list.out.split('\n')[0]).toMatch(new RegExp(`^${newest.name}  session-end `));

    // Damaged in place: the next start refuses and names the way back.
    const file = path.join(dir, DB_FILENAME);
    const damaged = fs.readFileSync(file);
    damaged.write('not a database any more', 0);
    fs.writeFileSync(file, damaged);
    const refused = await startHost({ dataDir: dir, mode: 'web', ingest: null, ...quiet }).then(
      () => 'started',
      (e: Error) => e.message,
    );
    const command = `ensemble backups restore ${newest.name} --data-dir ${dir}`;
    expect(refused).toContain(`Ensemble cannot use ${file}: it is not an Ensemble store`);
    expect(refused).toContain(command);

    const restored = await cli(...command.split(' ').slice(1));
    expect(restored).toMatchObject({ code: 0, err: '' });
    expect(restored.out).toContain(`Restored ${newest.name}.`);
    // The damaged store is kept, set aside in the backups folder.
    const aside = listBackups(dir).find((b) => b.reason === 'before-restore')!;
    expect(restored.out).toContain(`kept as backups/${aside.name}`);
    expect(fs.readFileSync(path.join(dir, 'backups', aside.name)).equals(damaged)).toBe(true);

    const again = await start(dir);
    const notes = (await again.call('notes.timeline', { sessionId })).notes.map((n) => n.text);
    expect(notes.sort()).toEqual(['Card declined twice', 'Refund button missing']);
  });

  it('refuses to restore while a host runs on the folder, and changes nothing', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const host = await start(dir);
    await until(() => listBackups(dir).length > 0); // the first daily backup
    await host.call('sessions.create', { title: 'After the backup' });
    const result = await cli('backups', 'restore', listBackups(dir)[0]!.name, '--data-dir', dir);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`is in use by process ${process.pid} (web mode`);
    expect(result.err).toContain('A backup is restored only while no Ensemble runs on the folder');
    expect((await host.call('sessions.list', {})).map((s) => s.title)).toEqual([
      'After the backup',
    ]);
  });

  it('refuses names that are not backups (no paths) and damaged backups, changing nothing', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const host = await start(dir);
    await until(() => listBackups(dir).length > 0);
    await host.call('sessions.create', { title: 'Kept' });
    await hosts.pop()!.close();
    const before = fs.readFileSync(path.join(dir, DB_FILENAME));

    const traversal = await cli('backups', 'restore', '../ensemble.db', '--data-dir', dir);
    expect(traversal).toMatchObject({ code: 1 });
    expect(traversal.err).toContain('"../ensemble.db" is not a backup name');

    const backup = listBackups(dir)[0]!;
    fs.writeFileSync(path.join(dir, 'backups', backup.name), 'garbage');
    const bad = await cli('backups', 'restore', backup.name, '--data-dir', dir);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(
      `The backup ${backup.name} cannot be restored: it is not an Ensemble store`,
    );
    expect(fs.readFileSync(path.join(dir, DB_FILENAME)).equals(before)).toBe(true);
    expect(listBackups(dir).filter((b) => b.reason === 'before-restore')).toEqual([]);

    const usage = await cli('backups', 'restore', '--data-dir', dir);
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('backups restore needs one backup NAME');
  });
});
