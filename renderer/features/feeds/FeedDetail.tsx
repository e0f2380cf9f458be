import { useAppStore } from '../../store';
import { formatTimeOfDay } from '../../lib/time';
import { LevelBadge } from './FeedList';

/** One event in full: attributes, stack, trace id; and pin it to the next note. */
export function FeedDetail() {
  // Nothing selected (most of the time): no search through the window at each store change.
  const event = useAppStore((s) =>
    s.selectedEventId === null
      ? null
      : (s.feedEvents.find((e) => e.id === s.selectedEventId) ?? null),
  );
  const select = useAppStore((s) => s.selectEvent);
  const pin = useAppStore((s) => s.pinEvidence);
  if (!event) return null;
  return (
    <section className="feed-detail" aria-label="Event detail">
      <div className="feed-detail-head">
        <LevelBadge level={event.level} />
        <time>{new Date(event.time).toLocaleString()}</time>
        <button
          type="button"
          className="primary"
          onClick={() =>
            pin({ kind: 'event', eventId: event.id, summary: event.message.slice(0, 300) })
          }
        >
          Pin to next note
        </button>
        {event.groupKey && (
          <button
            type="button"
            onClick={() =>
              pin({
                kind: 'group',
                groupKey: event.groupKey!,
                summary: event.message.slice(0, 300),
              })
            }
          >
            Pin its error group
          </button>
        )}
        <button
          type="button"
          className="ghost"
          aria-label="Close detail"
          onClick={() => select(null)}
        >
          ×
        </button>
      </div>
      <p className="feed-detail-message">{event.message}</p>
      {event.error && (
        <div>
          <strong>
            {event.error.type}: {event.error.value}
          </strong>
          {event.error.stack && <pre className="stack">{event.error.stack}</pre>}
        </div>
      )}
      <dl className="attributes">
        <dt>source</dt>
        <dd>{event.source}</dd>
        <dt>service</dt>
        <dd>{event.service || '—'}</dd>
        {event.traceId && (
          <>
            <dt>trace id</dt>
            <dd>
              <code>{event.traceId}</code>
            </dd>
          </>
        )}
        {event.release && (
          <>
            <dt>release</dt>
            <dd>{event.release}</dd>
          </>
        )}
        <dt>received</dt>
        <dd>{formatTimeOfDay(event.receivedAt)}</dd>
        {Object.entries(event.attributes).map(([k, v]) => (
          <div key={k} className="attribute">
            <dt>{k}</dt>
            <dd>{String(v)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
