import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef } from 'react';
import { LEVELS, type Level } from '../../../shared/domain/feeds';
import { formatLogTime } from '../../lib/time';
import { useAppStore } from '../../store';

const ROW = 28;

/** The live tail: virtualized (smooth however much is stored), following new events until scrolled up. */
export function FeedList() {
  const events = useAppStore((s) => s.feedEvents);
  const following = useAppStore((s) => s.feedFollowing);
  const newCount = useAppStore((s) => s.feedNew);
  const hasOlder = useAppStore((s) => s.feedHasOlder);
  const hasNewer = useAppStore((s) => s.feedHasNewer);
  const setFollowing = useAppStore((s) => s.setFollowing);
  const loadOlder = useAppStore((s) => s.loadOlder);
  const loadNewer = useAppStore((s) => s.loadNewer);
  const select = useAppStore((s) => s.selectEvent);
  const selected = useAppStore((s) => s.selectedEventId);
  const scroller = useRef<HTMLDivElement>(null);
  const shown = useRef<typeof events>([]);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual's API cannot be memoized by the React Compiler; this component is simply not compiled.
  const virtualizer = useVirtualizer({
    count: events.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW,
    overscan: 20,
  });

  // Older events prepended, or the oldest dropped as newer ones were paged in: keep the same
  // rows under the reader's eyes.
  useLayoutEffect(() => {
    const el = scroller.current;
    const before = shown.current;
    shown.current = events;
    const previousFirst = before[0]?.id;
    if (!el || previousFirst === undefined || events[0]?.id === previousFirst) return;
    const added = events.findIndex((e) => e.id === previousFirst);
    if (added > 0) el.scrollTop += added * ROW;
    const removed = before.findIndex((e) => e.id === events[0]?.id);
    if (added < 0 && removed > 0) el.scrollTop -= removed * ROW;
  }, [events]);

  useEffect(() => {
    if (following && events.length > 0)
      virtualizer.scrollToIndex(events.length - 1, { align: 'end' });
  }, [events.length, following, virtualizer]);

  return (
    <div className="feed-list-wrap">
      <div
        ref={scroller}
        className="feed-list"
        role="log"
        aria-label="Log events"
        onScroll={(e) => {
          const el = e.currentTarget;
          const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < ROW * 2;
          // At the bottom of a window with newer events left out: the next page, not live yet.
          if (atBottom && hasNewer) void loadNewer();
          else if (atBottom !== following) setFollowing(atBottom);
          if (el.scrollTop < ROW * 10 && hasOlder) void loadOlder();
        }}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((row) => {
            const e = events[row.index]!;
            return (
              <button
                type="button"
                key={e.id}
                className={`feed-row level-${e.level} ${selected === e.id ? 'selected' : ''}`}
                style={{ transform: `translateY(${row.start}px)`, height: ROW }}
                onClick={() => select(e.id)}
              >
                {/* The row's name is its visible text (WCAG 2.5.3), spaced for screen readers. */}
                <time dateTime={new Date(e.time).toISOString()}>
                  {formatLogTime(e.time, events[row.index - 1]?.time)}
                </time>{' '}
                <LevelBadge level={e.level} /> <span className="feed-service">{e.service}</span>{' '}
                <span className="feed-message">{e.message}</span>
              </button>
            );
          })}
        </div>
        {events.length === 0 && <p className="feed-empty">No events yet for this tenant.</p>}
      </div>
      {!following && (
        <button type="button" className="feed-new primary" onClick={() => setFollowing(true)}>
          {newCount > 0
            ? `${newCount} new ${newCount === 1 ? 'event' : 'events'} ↓`
            : 'Back to live ↓'}
        </button>
      )}
    </div>
  );
}

export function LevelBadge({ level }: { level: Level }) {
  return <span className={`level level-${level}`}>{level.toUpperCase()}</span>;
}
export { LEVELS };
