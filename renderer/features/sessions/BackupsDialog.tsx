import { useEffect, useState } from 'react';
import type { BackupInfo } from '../../../shared/api/app';
import { ConfirmDialog, Dialog } from '../../components/Dialog';
import { formatDateTime } from '../../lib/format';
import { useAppStore } from '../../store';

const REASONS: Record<BackupInfo['reason'], string> = {
  daily: 'Daily',
  'session-end': 'A session ended',
  'before-migration': 'Before an update',
  'before-restore': 'Set aside by a restore',
};

/** The data folder's automatic backups, each restorable after a confirmation saying what happens. */
export function BackupsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const backups = useAppStore((s) => s.backups);
  const restartable = useAppStore((s) => s.backupsRestartable);
  const load = useAppStore((s) => s.loadBackups);
  const restore = useAppStore((s) => s.restoreBackup);
  const [chosen, setChosen] = useState<BackupInfo | null>(null);
  useEffect(() => {
    if (open) void load();
  }, [open, load]);
  return (
    <>
      <Dialog open={open && !chosen} title="Backups" onClose={onClose}>
        <p>
          Ensemble backs up its store every day, when a session ends and before an update; the last
          7 are kept.
        </p>
        {backups === null ? (
          <p>Loading…</p>
        ) : backups.length === 0 ? (
          <p>No backups yet.</p>
        ) : (
          <ul className="backup-list" aria-label="Backups">
            {backups.map((b) => (
              <li key={b.name}>
                <span>
                  {formatDateTime(b.createdAt)} · {REASONS[b.reason]} ·{' '}
                  {(b.bytes / 1024).toFixed(0)} KB
                </span>
                <button type="button" onClick={() => setChosen(b)}>
                  Restore…
                </button>
              </li>
            ))}
          </ul>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </Dialog>
      <ConfirmDialog
        open={chosen !== null}
        title="Restore this backup?"
        body={
          <p>
            Everything returns to how it was on {chosen ? formatDateTime(chosen.createdAt) : ''}:
            what was recorded since is not in it. The current store is not deleted: it is kept in
            the backups folder (“Set aside by a restore”), so this can be undone the same way.{' '}
            {restartable
              ? 'Ensemble restarts at once; open pages reconnect by themselves, and notes typed meanwhile are kept on each device and sent after.'
              : 'The restore happens the next time Ensemble starts: quit it and start it again.'}
          </p>
        }
        confirmLabel="Restore"
        danger
        onCancel={() => setChosen(null)}
        onConfirm={() => {
          const name = chosen!.name;
          setChosen(null);
          onClose();
          void restore(name);
        }}
      />
    </>
  );
}
