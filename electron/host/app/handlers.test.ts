import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDataDir } from '../../../test-support/tempHost';
import { listBackups } from '../db/backup';
import { startHost, type RunningHost } from '../start';

const dirs: string[] = [];
const hosts: RunningHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('app.backups / app.restoreBackup: restore from the app', () => {
  it('lists the backups, stages the restore, and the restart applies it (the current store set aside)', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    let restarted!: () => void;
    const restart = new Promise<void>((resolve) => (restarted = resolve));
    const options = { dataDir: dir, mode: 'web' as const, ingest: null, log: () => {} };
    const host = await startHost({ ...options, restart: () => restarted() });
    hosts.push(host);
    while (listBackups(dir).length === 0) await new Promise((r) => setTimeout(r, 20));
    await host.call('sessions.create', { title: 'Made after the backup' });

    const { backups, restartable } = await host.call('app.backups', {});
    expect(restartable).toBe(true);
    expect(backups.map((b) => b.reason)).toEqual(['daily']);
    expect(await host.call('app.restoreBackup', { name: backups[0]!.name })).toEqual({
      name: backups[0]!.name,
      restart: 'now',
    });
    await restart; // what web mode does: close, then start again
    await hosts.pop()!.close();
    const again = await startHost(options);
    hosts.push(again);
    expect(await again.call('sessions.list', {})).toEqual([]);
    const aside = listBackups(dir).find((b) => b.reason === 'before-restore');
    expect(aside).toBeDefined();
  });

  it('refuses a remote participant and a name that is not a backup, with a 4xx and no change', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const host = await startHost({ dataDir: dir, mode: 'web', ingest: null, log: () => {} });
    hosts.push(host);
    while (listBackups(dir).length === 0) await new Promise((r) => setTimeout(r, 20));
    const name = listBackups(dir)[0]!.name;
    const remote = await host.dispatch(
      'app.restoreBackup',
      { name },
      { transport: 'web', remote: true },
    );
    expect(remote).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const bad = await host.dispatch(
      'app.restoreBackup',
      { name: '../../etc/passwd' },
      { transport: 'web' },
    );
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', message: expect.stringContaining('is not a backup name') },
    });
    expect(fs.existsSync(`${dir}/restore-request.json`)).toBe(false);
    const manual = await host.call('app.restoreBackup', { name });
    expect(manual.restart).toBe('manual');
  });
});
