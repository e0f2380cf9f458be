import { useAppStore } from '../../store';

/** saved / N pending / offline, for what this device has written. */
export function SyncIndicator() {
  const sync = useAppStore((s) => s.sync);
  const connection = useAppStore((s) => s.connection);
  const offline = sync.offline || connection === 'offline';
  const label = offline
    ? `Offline — ${sync.pending} ${sync.pending === 1 ? 'note' : 'notes'} kept on this device`
    : sync.pending > 0
      ? `${sync.pending} pending`
      : 'Saved';
  return (
    <span
      className={`sync ${offline ? 'sync-offline' : sync.pending > 0 ? 'sync-pending' : 'sync-saved'}`}
      role="status"
      aria-label="Sync"
    >
      {label}
    </span>
  );
}
