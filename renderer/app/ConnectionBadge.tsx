import type { ConnectionState } from '../api/client';

const LABELS: Record<ConnectionState, string> = {
  online: 'Connected',
  connecting: 'Connecting…',
  offline: 'Offline — reconnecting',
  unauthorized: 'Token rejected',
};

export function ConnectionBadge({ state }: { state: ConnectionState }) {
  return (
    <span className={`connection connection-${state}`} role="status" aria-live="polite">
      {LABELS[state]}
    </span>
  );
}
