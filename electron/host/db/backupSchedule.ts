import Database from 'better-sqlite3';
import path from 'node:path';
import type { HostEvent } from '../../../shared/api/events';
import { createBackup, dailyBackupDue, type BackupInfo, type BackupReason } from './backup';
import { copyOnThisThread, copyOnWorker, type CopyStore } from './backupJob';
import { DB_FILENAME } from './database';
import { PAGE_CACHE_KIB, pageCachePragma } from './pageCache';

/** How often the host looks whether the daily backup is due. */
const DAILY_CHECK_MS = 60 * 60 * 1000;
/** A run that ended this recently is a session just ended (not an edit to an old one). */
const JUST_ENDED_MS = 60_000;

export type BackupSchedule = {
  /** Makes a backup now (one at a time); null if it failed (the failure is logged). */
  backup(reason: BackupReason): Promise<BackupInfo | null>;
  /** Waits for a backup under way, then stops. */
  stop(): Promise<void>;
};

/**
 * Rolling backups while a host runs: one when the newest is a day old (checked at start and
 * hourly) and one when a session ends. Backups read through a connection of their own; a
 * failure (a full disk) is logged and never stops the host.
 */
export function startBackupSchedule(options: {
  dataDir: string;
  subscribe: (listener: (event: HostEvent) => void) => () => void;
  nativeBinding?: string;
  /**
   * The feed writer's bundle, which also runs backup jobs: copies are made on a thread of their
   * own. Without one (run from sources) they are made on this thread.
   */
  workerScript?: string | null;
  now?: () => Date;
  log: (line: string) => void;
  /** A backup was made (the Backups dialog lists it). */
  onBackup?: (backup: BackupInfo) => void;
}): BackupSchedule {
  const now = options.now ?? (() => new Date());
  const file = path.join(options.dataDir, DB_FILENAME);
  let db: Database.Database | null = null;
  const copy: CopyStore = options.workerScript
    ? copyOnWorker(options.workerScript, file, options.nativeBinding)
    : copyOnThisThread(
        (db = new Database(file, {
          readonly: true,
          fileMustExist: true,
          ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
        })),
      );
  db?.pragma(pageCachePragma(PAGE_CACHE_KIB.backup));
  let chain: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const backup = (reason: BackupReason) => {
    if (stopped) return Promise.resolve(null);
    const next = chain.then(async () => {
      try {
        const made = await createBackup(copy, options.dataDir, reason, now());
        options.onBackup?.(made);
        return made;
      } catch (error) {
        options.log(`[ensemble] backup (${reason}) failed: ${(error as Error).message}`);
        return null;
      }
    });
    chain = next;
    return next;
  };
  const daily = () => {
    if (dailyBackupDue(options.dataDir, now())) void backup('daily');
  };
  daily();
  const timer = setInterval(daily, DAILY_CHECK_MS);
  timer.unref();
  const backedUp = new Set<string>();
  const unsubscribe = options.subscribe((e) => {
    if (e.event !== 'run.changed') return;
    const s = e.payload.snapshot;
    if (s.status !== 'ended' || s.endedAt === null || s.hostNow - s.endedAt > JUST_ENDED_MS) return;
    const key = `${s.sessionId}:${s.endedAt}`;
    if (backedUp.has(key)) return;
    backedUp.add(key);
    void backup('session-end');
  });
  return {
    backup,
    async stop() {
      clearInterval(timer);
      unsubscribe();
      stopped = true;
      await chain;
      db?.close();
    },
  };
}
