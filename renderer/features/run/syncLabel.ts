import type { SyncState } from '../../outbox/outbox';

const STORAGE_LABELS = { full: 'Disk full', unavailable: 'Cannot save on the host' } as const;

/**
 * What the sync indicator says: Saved, N pending, or why notes wait on this device — offline,
 * or the host's disk is full or not writable (the connection itself is fine then).
 */
export function syncLabel(
  sync: Pick<SyncState, 'pending' | 'offline' | 'storage'>,
  disconnected: boolean,
): { label: string; trouble: boolean } {
  const kept = `${sync.pending} ${sync.pending === 1 ? 'note' : 'notes'} kept on this device`;
  const trouble =
    sync.offline || disconnected
      ? 'Offline'
      : sync.storage && sync.pending > 0
        ? STORAGE_LABELS[sync.storage]
        : null;
  if (trouble) return { label: `${trouble} — ${kept}`, trouble: true };
  return { label: sync.pending > 0 ? `${sync.pending} pending` : 'Saved', trouble: false };
}
