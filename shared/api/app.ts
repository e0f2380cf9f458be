import { z } from 'zod';
import { method } from './common';

export const BackupInfo = z.object({
  /** The file name in the data folder's backups/ folder; names sort by time. */
  name: z.string(),
  /** Why it was made; `before-restore` is a store a restore set aside (never deleted). */
  reason: z.enum(['daily', 'session-end', 'before-migration', 'before-restore']),
  createdAt: z.string(),
  bytes: z.number().int(),
});
export type BackupInfo = z.infer<typeof BackupInfo>;

/** What the host is: version, transport and where it keeps its data; its backups. */
export const appApi = {
  'app.info': method(
    z.object({}).strict(),
    z.object({
      version: z.string(),
      mode: z.enum(['desktop', 'web', 'cli']),
      dataDir: z.string(),
      ingestUrl: z.string().nullable(),
    }),
  ),
  /** The data folder's backups, newest first; `restartable`: a restore can be applied at once. */
  'app.backups': method(
    z.object({}).strict(),
    z.object({ backups: z.array(BackupInfo), restartable: z.boolean() }),
  ),
  /**
   * Restores a backup: checked now, applied when the host starts again. `restart: 'now'`: the
   * host restarts by itself at once (open pages reconnect); `'manual'`: quit and start it again.
   * The current store is set aside in backups/ as `…-before-restore.db`, never deleted. Only
   * from this machine (never a remote participant). 400 when the name is not a restorable backup.
   */
  'app.restoreBackup': method(
    z.object({ name: z.string().min(1).max(200) }).strict(),
    z.object({ name: z.string(), restart: z.enum(['now', 'manual']) }),
  ),
};
