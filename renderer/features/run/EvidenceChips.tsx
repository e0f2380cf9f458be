import { useEffect, useMemo, useRef, useState } from 'react';
import type { ErrorGroup } from '../../../shared/api/contract';
import { useAppStore } from '../../store';
import {
  groupEvidence,
  heldSuggestions,
  isGroupPinned,
  suggestGroups,
} from '../feeds/groupEvidence';

/** Groups with an event in this window are offered while a bug is written. */
const SUGGEST_WINDOW_MS = 5 * 60_000;
const SUGGEST_MAX = 5;

/**
 * What will be pinned to the next note; while a bug is being written, the error groups seen in
 * the last minutes are offered (each once, with its count). The offered list stands still while
 * the pointer or the keyboard is on it, so the group clicked is the group aimed at; a pin made
 * here or in the feed pane shows as a chip and is announced.
 */
export function EvidenceChips({ typedBug }: { typedBug: boolean }) {
  const pending = useAppStore((s) => s.pendingEvidence);
  const pin = useAppStore((s) => s.pinEvidence);
  const unpin = useAppStore((s) => s.unpinEvidence);
  const hostNow = useAppStore((s) => s.hostNow);
  const groups = useAppStore((s) => s.groups);
  const live = useMemo(
    () => (typedBug ? suggestGroups(groups, hostNow(), SUGGEST_WINDOW_MS, SUGGEST_MAX) : []),
    [typedBug, groups, hostNow],
  );
  const [hold, setHold] = useState({ pointer: false, focus: false });
  const [frozen, setFrozen] = useState<ErrorGroup[] | null>(null);
  const held = hold.pointer || hold.focus;
  const holdOn = (patch: Partial<typeof hold>) => {
    const next = { ...hold, ...patch };
    if (!held && (next.pointer || next.focus)) setFrozen(live);
    if (!next.pointer && !next.focus) setFrozen(null);
    setHold(next);
  };
  const offered = frozen && typedBug ? heldSuggestions(frozen, groups) : live;

  const announcement = usePinAnnouncement(pending);
  const newest = pending.at(-1);

  return (
    <div className="evidence">
      <p className="sr-only" aria-live="polite" role="status">
        {announcement}
      </p>
      {(pending.length > 0 || offered.length > 0) && (
        <div className="evidence-chips" aria-label="Evidence for the next note" role="group">
          {pending.map((e) => (
            <span
              key={e.kind === 'event' ? `e${e.eventId}` : `g${e.groupKey}`}
              className={`chip pinned ${e === newest ? 'just-pinned' : ''}`}
            >
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
          {offered.length > 0 && <span className="capture-hint">Recent error groups:</span>}
          {offered.length > 0 && (
            <ul
              className="suggested-groups"
              aria-label="Recent error groups to pin"
              onPointerEnter={() => holdOn({ pointer: true })}
              onPointerLeave={() => holdOn({ pointer: false })}
              onFocus={() => holdOn({ focus: true })}
              onBlur={(e) => {
                if (!e.currentTarget.contains(e.relatedTarget)) holdOn({ focus: false });
              }}
            >
              {offered.map((g) => {
                const pinned = isGroupPinned(pending, g.groupKey);
                return (
                  <li key={g.groupKey}>
                    <button
                      type="button"
                      className="chip offered"
                      aria-pressed={pinned}
                      onClick={() => (pinned ? unpin(groupEvidence(g)) : pin(groupEvidence(g)))}
                    >
                      {pinned ? '✓ ' : '+ '}
                      {`${g.type}: ${g.sample}`.slice(0, 60)}{' '}
                      <span className="chip-count" aria-label={`${g.count} events`}>
                        {g.count}×
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

/** "Pinned to the next note: …" each time something is pinned, here or in the feed pane. */
function usePinAnnouncement(pending: readonly { summary: string }[]): string {
  const [text, setText] = useState('');
  const before = useRef(pending);
  useEffect(() => {
    const added = pending.filter((p) => !before.current.includes(p));
    before.current = pending;
    if (added.length > 0)
      setText(`Pinned to the next note: ${added.map((p) => p.summary.slice(0, 80)).join('; ')}`);
  }, [pending]);
  return text;
}
