import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store';

/**
 * What will be pinned to the next note; while a bug is being written, the errors of the last
 * 60 seconds are offered too.
 */
export function EvidenceChips({ typedBug }: { typedBug: boolean }) {
  const pending = useAppStore((s) => s.pendingEvidence);
  const pin = useAppStore((s) => s.pinEvidence);
  const unpin = useAppStore((s) => s.unpinEvidence);
  const hostNow = useAppStore((s) => s.hostNow);
  const recent = useAppStore(
    useShallow((s) =>
      typedBug
        ? s.feedEvents.filter((e) => e.level === 'error' || e.level === 'fatal').slice(-20)
        : [],
    ),
  );
  const offered = useMemo(() => {
    const since = hostNow() - 60_000;
    return recent
      .filter(
        (e) => e.time >= since && !pending.some((p) => p.kind === 'event' && p.eventId === e.id),
      )
      .slice(-5);
  }, [recent, pending, hostNow]);
  if (pending.length === 0 && offered.length === 0) return null;
  return (
    <div className="evidence-chips" aria-label="Evidence for the next note">
      {pending.map((e) => (
        <span key={e.kind === 'event' ? `e${e.eventId}` : `g${e.groupKey}`} className="chip pinned">
          📎 {e.kind === 'group' ? 'Error group: ' : ''}
          {e.summary.slice(0, 60)}
          <button
            type="button"
            className="ghost"
            aria-label={`Unpin ${e.summary.slice(0, 40)}`}
            onClick={() => unpin(e)}
          >
            ×
          </button>
        </span>
      ))}
      {offered.length > 0 && <span className="capture-hint">Errors in the last minute:</span>}
      {offered.map((e) => (
        <button
          key={e.id}
          type="button"
          className="chip offered"
          onClick={() => pin({ kind: 'event', eventId: e.id, summary: e.message.slice(0, 300) })}
        >
          + {e.message.slice(0, 60)}
        </button>
      ))}
    </div>
  );
}
