import { useAppStore } from '../../store';
import { syncLabel } from './syncLabel';

/**
 * saved / N pending / offline / disk full, for what this device has written. The host's own
 * trouble (a full disk) is named as such: the connection is fine, the notes wait here.
 */
export function SyncIndicator() {
  const sync = useAppStore((s) => s.sync);
  const connection = useAppStore((s) => s.connection);
  const { label, trouble } = syncLabel(sync, connection === 'offline');
  return (
    <span
      className={`sync ${trouble ? 'sync-offline' : sync.pending > 0 ? 'sync-pending' : 'sync-saved'}`}
      role="status"
      aria-label="Sync"
    >
      {label}
    </span>
  );
}
