import type { CopyStore } from './backupJob';
import fs from 'node:fs';
import path from 'node:path';

export const BACKUPS_DIRNAME = 'backups';
/** Automatic backups kept; older ones are deleted. Stores set aside by a restore are never deleted. */
export const BACKUPS_KEPT = 7;
/** A daily backup is made when the newest automatic one is older than this. */
export const DAILY_MS = 24 * 60 * 60 * 1000;

export const BACKUP_REASONS = [
  'daily',
  'session-end',
  'before-migration',
  'before-restore',
] as const;
export type BackupReason = (typeof BACKUP_REASONS)[number];
const AUTOMATIC: readonly BackupReason[] = ['daily', 'session-end', 'before-migration'];

export type BackupInfo = {
  name: string;
  reason: BackupReason;
  /** ISO time the backup was made (from its name). */
  createdAt: string;
  bytes: number;
};

/** `ensemble-20261202-021500-123-daily.db`: names sort by time. */
const NAME = /^ensemble-(\d{8})-(\d{6})-(\d{3})-([a-z-]+)\.db$/;

export function backupName(at: Date, reason: BackupReason): string {
  const iso = at.toISOString(); // 2026-12-02T02:15:00.123Z
  const day = iso.slice(0, 10).replaceAll('-', '');
  const time = iso.slice(11, 19).replaceAll(':', '');
  return `ensemble-${day}-${time}-${iso.slice(20, 23)}-${reason}.db`;
}

/** The backup a name stands for, or null when the name is not one of ours (never a path). */
export function parseBackupName(name: string): Omit<BackupInfo, 'bytes'> | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const reason = m[4] as BackupReason;
  if (!BACKUP_REASONS.includes(reason)) return null;
  const [d, t] = [m[1]!, m[2]!];
  const createdAt = `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}.${m[3]}Z`;
  if (Number.isNaN(Date.parse(createdAt))) return null;
  return { name, reason, createdAt };
}

export const backupsDir = (dataDir: string) => path.join(dataDir, BACKUPS_DIRNAME);

/** The backups in a data folder, newest first. */
export function listBackups(dataDir: string): BackupInfo[] {
  let names: string[];
  try {
    names = fs.readdirSync(backupsDir(dataDir));
  } catch {
    return [];
  }
  const found: BackupInfo[] = [];
  for (const name of names) {
    const parsed = parseBackupName(name);
    if (!parsed) continue;
    try {
      const stat = fs.statSync(path.join(backupsDir(dataDir), name));
      if (stat.isFile()) found.push({ ...parsed, bytes: stat.size });
    } catch {
      // removed while listing
    }
  }
  return found.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
}

/** The command that restores a backup, ready to paste into a shell. */
export function restoreCommand(dataDir: string, name: string): string {
  return `ensemble backups restore ${name} --data-dir ${shellQuote(dataDir)}`;
}

const shellQuote = (text: string) =>
  /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;

/**
 * Copies the store into backups/ (see backupJob.ts: in one step, so that writes by the feed
 * writer meanwhile neither restart it nor make it inconsistent) and drops the oldest automatic
 * backups beyond BACKUPS_KEPT. A copy appears under its name only once complete.
 */
export async function createBackup(
  copy: CopyStore,
  dataDir: string,
  reason: BackupReason,
  now: Date,
): Promise<BackupInfo> {
  const dir = backupsDir(dataDir);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  let name = backupName(now, reason);
  for (let t = now.getTime() + 1; fs.existsSync(path.join(dir, name)); t++)
    name = backupName(new Date(t), reason);
  const partial = path.join(dir, `.${name}.partial`);
  fs.rmSync(partial, { force: true });
  try {
    await copy(partial);
    fs.renameSync(partial, path.join(dir, name));
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  pruneBackups(dataDir);
  return { ...parseBackupName(name)!, bytes: fs.statSync(path.join(dir, name)).size };
}

/** Keeps the newest BACKUPS_KEPT automatic backups; stores set aside by a restore stay. */
export function pruneBackups(dataDir: string, keep = BACKUPS_KEPT): string[] {
  const old = listBackups(dataDir)
    .filter((b) => AUTOMATIC.includes(b.reason))
    .slice(keep);
  for (const b of old) fs.rmSync(path.join(backupsDir(dataDir), b.name), { force: true });
  return old.map((b) => b.name);
}

/** The newest automatic backup is older than a day (or there is none). */
export function dailyBackupDue(dataDir: string, now: Date): boolean {
  const newest = listBackups(dataDir).find((b) => AUTOMATIC.includes(b.reason));
  return !newest || now.getTime() - Date.parse(newest.createdAt) >= DAILY_MS;
}
