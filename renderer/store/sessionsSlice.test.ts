import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackup } from '../../electron/host/db/backup';
import { copyOnThisThread } from '../../electron/host/db/backupJob';
import { DB_FILENAME } from '../../electron/host/db/database';
import { createRealClient } from '../../test-support/realClient';
import { createAppStore } from './index';

let ctx: ReturnType<typeof createRealClient>;
let store: ReturnType<typeof createAppStore>;
beforeEach(() => {
  ctx = createRealClient();
  store = createAppStore(ctx.client);
});
afterEach(() => ctx.host.dispose());
const titles = () => store.getState().sessions.map((s) => s.title);

describe('sessions slice', () => {
  it('creates sessions and lists them; an invalid title comes back as a field message', async () => {
    const bad = await store.getState().createSession('   ');
    expect(bad).toMatchObject({ ok: false, fields: { title: 'Title is required' } });
    const ok = await store.getState().createSession('Checkout');
    expect(ok.ok && ok.id).toMatch(/^[0-9A-Z]{26}$/);
    expect(titles()).toEqual(['Checkout']);
  });

  it('filters by search and archive state, duplicates and deletes', async () => {
    await store.getState().createSession('Checkout v2');
    const search = await store.getState().createSession('Search facets');
    await store.getState().setFilter({ query: 'facet' });
    expect(titles()).toEqual(['Search facets']);
    await store.getState().setFilter({ query: '' });
    await store.getState().archiveSession(search.ok ? search.id! : '', true);
    expect(titles()).toEqual(['Checkout v2']);
    await store.getState().setFilter({ includeArchived: true });
    expect(titles()).toHaveLength(2);
    const copyId = await store.getState().duplicateSession(store.getState().sessions[0]!.id);
    expect(copyId).not.toBeNull();
    expect(await store.getState().deleteSession(copyId!)).toBe(true);
    expect(titles()).toHaveLength(2);
  });

  it('turns a failed action into a toast instead of throwing', async () => {
    await store.getState().archiveSession('01ARZ3NDEKTSV4RRFFQ69G5FAV', true);
    expect(store.getState().toasts.map((t) => t.text)).toEqual([
      'Session 01ARZ3NDEKTSV4RRFFQ69G5FAV not found',
    ]);
  });
});

describe('backups in the sessions slice', () => {
  it('lists the backups, and a restore the host refuses comes back as false with the reason shown', async () => {
    const db = new Database(path.join(ctx.host.dataDir, DB_FILENAME), { readonly: true });
    const made = await createBackup(
      copyOnThisThread(db),
      ctx.host.dataDir,
      'daily',
      new Date('2026-12-01T10:00:00Z'),
    );
    db.close();
    await store.getState().loadBackups();
    expect(store.getState().backups?.map((b) => b.name)).toEqual([made.name]);
    expect(store.getState().backupsRestartable).toBe(false);

    expect(await store.getState().restoreBackup('ensemble.db')).toBe(false);
    expect(store.getState().toasts.at(-1)?.text).toContain('"ensemble.db" is not a backup name');
    expect(await store.getState().restoreBackup(made.name)).toBe(true);
    expect(store.getState().toasts.at(-1)?.text).toBe(
      `${made.name} will be restored the next time Ensemble starts: quit it and start it again`,
    );
  });
});
