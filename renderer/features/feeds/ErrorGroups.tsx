import { useAppStore } from '../../store';
import { formatTimeOfDay } from '../../lib/time';
import { groupEvidence, isGroupPinned } from './groupEvidence';

export function Sparkline({ values, label }: { values: number[]; label: string }) {
  const max = Math.max(1, ...values);
  const w = 80;
  const h = 18;
  const points = values
    .map((v, i) => `${(i / Math.max(1, values.length - 1)) * w},${h - (v / max) * (h - 2) - 1}`)
    .join(' ');
  return (
    <svg
      className="sparkline"
      width={w}
      height={h}
      viewBox={`0 0 ${w} ${h}`}
      role="img"
      aria-label={label}
    >
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}

/** Errors grouped by fingerprint or by type and message; groups first seen in this session are NEW. */
export function ErrorGroups() {
  const groups = useAppStore((s) => s.groups);
  const filter = useAppStore((s) => s.feedFilter);
  const setFilter = useAppStore((s) => s.setFeedFilter);
  const pin = useAppStore((s) => s.pinEvidence);
  const unpin = useAppStore((s) => s.unpinEvidence);
  const pending = useAppStore((s) => s.pendingEvidence);
  return (
    <section className="card error-groups" aria-labelledby="groups-title">
      <div className="card-header">
        <h2 id="groups-title">Error groups</h2>
        <span className="count">{groups.length}</span>
      </div>
      {groups.length === 0 && <p className="card-hint">No errors from this tenant.</p>}
      <ul className="group-list" aria-label="Error groups">
        {groups.map((g) => (
          <li
            key={g.groupKey}
            className={filter.groupKey === g.groupKey ? 'selected' : ''}
            aria-label={g.groupKey}
          >
            <button
              type="button"
              className="group-main"
              onClick={() =>
                void setFilter({ groupKey: filter.groupKey === g.groupKey ? null : g.groupKey })
              }
            >
              {g.isNew && <span className="badge new">NEW</span>}
              {g.control > 0 && (
                <span
                  className="badge control"
                  title={`${g.control} events of this group where the flag is off, in the same window`}
                >
                  also without the flag
                </span>
              )}
              <strong>{g.type}</strong> <span className="group-sample">{g.sample}</span>
            </button>
            <span className="group-meta">
              <span aria-label="Events">{g.count}×</span> · {formatTimeOfDay(g.firstSeen)}–
              {formatTimeOfDay(g.lastSeen)}
            </span>
            <Sparkline values={g.sparkline} label={`${g.count} events over the session`} />
            <button
              type="button"
              className={isGroupPinned(pending, g.groupKey) ? 'pinned' : 'ghost'}
              aria-pressed={isGroupPinned(pending, g.groupKey)}
              title="Pin to the next note"
              onClick={() =>
                isGroupPinned(pending, g.groupKey) ? unpin(groupEvidence(g)) : pin(groupEvidence(g))
              }
            >
              {isGroupPinned(pending, g.groupKey) ? 'Pinned ✓' : 'Pin'}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
