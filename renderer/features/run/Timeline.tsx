import { memo, useEffect, useMemo, useState } from 'react';
import { NOTE_TYPE_INFO, NOTE_TYPES, type NoteType } from '../../../shared/domain/notes';
import type { SessionEvent } from '../../../shared/domain/run';
import { describeEvent, type EventNames } from '../../../shared/run/describeEvent';
import { ParticipantOptions } from '../../components/ParticipantOptions';
import { formatLogTime } from '../../lib/time';
import { useAppStore } from '../../store';
import { NoteItem as NoteItemView, useNames } from './NoteItem';
import { filterEntries, NO_FILTER, timelineEntries, type TimelineFilter } from './timelineEntries';

/** Entries on the page at first, and added by each "Show older". */
const TIMELINE_PAGE = 200;

export function Timeline() {
  const notes = useAppStore((s) => s.timeline.notes);
  const events = useAppStore((s) => s.timeline.events);
  const outbox = useAppStore((s) => s.outboxEntries);
  const sessionId = useAppStore((s) => s.openSessionId ?? '');
  const detail = useAppStore((s) => s.detail);
  const [filter, setFilter] = useState<TimelineFilter>(NO_FILTER);
  const resumeUndo = useAppStore((s) => s.resumeUndo);
  // A reload within a delete's undo window offers the undo again for the time left.
  useEffect(() => {
    if (sessionId) resumeUndo();
  }, [sessionId, resumeUndo]);
  const entries = useMemo(
    () => timelineEntries(notes, events, outbox, sessionId),
    [notes, events, outbox, sessionId],
  );
  const shown = useMemo(() => filterEntries(entries, filter).reverse(), [entries, filter]);
  // The newest entries are on the page; older ones on request: a long session's page stays
  // small (every entry on screen costs memory and layout on each change).
  const [limit, setLimit] = useState(TIMELINE_PAGE);
  const older = shown.length - limit;
  const tags = useMemo(
    () => [...new Set(notes.filter((n) => n.deletedAt === null).flatMap((n) => n.tags))].sort(),
    [notes],
  );
  const set = (patch: Partial<TimelineFilter>) => {
    setFilter({ ...filter, ...patch });
    setLimit(TIMELINE_PAGE);
  };

  return (
    <section className="card timeline" aria-labelledby="timeline-title">
      <div className="card-header">
        <h2 id="timeline-title">Timeline</h2>
        <span className="count">{entries.filter((e) => e.kind === 'note').length} notes</span>
      </div>
      <div className="timeline-filters" role="search">
        <input
          type="search"
          aria-label="Search notes"
          placeholder="Search notes"
          value={filter.query}
          onChange={(e) => set({ query: e.target.value })}
        />
        <select
          aria-label="Type"
          value={filter.type}
          onChange={(e) => set({ type: e.target.value as NoteType | 'all' })}
        >
          <option value="all">All types</option>
          {NOTE_TYPES.map((t) => (
            <option key={t} value={t}>
              {NOTE_TYPE_INFO[t].label}
            </option>
          ))}
        </select>
        <select
          aria-label="Goal"
          value={filter.goalId}
          onChange={(e) => set({ goalId: e.target.value })}
        >
          <option value="">All goals</option>
          {detail?.goals.map((g) => (
            <option key={g.id} value={g.id}>
              {g.title}
            </option>
          ))}
        </select>
        <select
          aria-label="Author"
          value={filter.authorId}
          onChange={(e) => set({ authorId: e.target.value })}
        >
          <option value="">Everyone</option>
          <ParticipantOptions participants={detail?.participants ?? []} />
        </select>
        <select aria-label="Tag" value={filter.tag} onChange={(e) => set({ tag: e.target.value })}>
          <option value="">All tags</option>
          {tags.map((t) => (
            <option key={t} value={t}>
              #{t}
            </option>
          ))}
        </select>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={filter.events}
            onChange={(e) => set({ events: e.target.checked })}
          />{' '}
          Rotations and changes
        </label>
      </div>
      <ol className="timeline-list" aria-label="Timeline entries">
        {shown.slice(0, limit).map((e, i, list) => {
          const previous = list[i - 1]?.at;
          return e.kind === 'note' ? (
            <NoteItem key={e.note.id} entry={e} previous={previous} />
          ) : (
            <EventItem key={e.event.id} event={e.event} previous={previous} />
          );
        })}
      </ol>
      {older > 0 && (
        <button
          type="button"
          className="timeline-older"
          onClick={() => setLimit(limit + TIMELINE_PAGE)}
        >
          Show {Math.min(older, TIMELINE_PAGE)} older of {older}
        </button>
      )}
    </section>
  );
}

/**
 * Entries are made again whenever notes, events or the outbox change (a note saved changes all
 * three): an entry whose note or event and neighbour are the same is not drawn again.
 */
const sameEntry = <P extends { previous: number | undefined }>(
  a: P,
  b: P,
  keys: (p: P) => unknown[],
): boolean => a.previous === b.previous && keys(a).every((v, i) => v === keys(b)[i]);

const EventItem = memo(EventItemView, (a, b) => sameEntry(a, b, (p) => [p.event]));
const NoteItem = memo(NoteItemView, (a, b) =>
  sameEntry(a, b, (p) => [p.entry.note, p.entry.pending, p.entry.rejected, p.entry.opId]),
);

function EventItemView({ event, previous }: { event: SessionEvent; previous: number | undefined }) {
  const { person, goal } = useNames();
  const names: EventNames = {
    person,
    // The event's own words: the name they had then.
    named: (_id, name) => name,
    goal,
  };
  return (
    <li className={`timeline-event event-${event.type.replace('.', '-')}`}>
      <time dateTime={new Date(event.at).toISOString()}>{formatLogTime(event.at, previous)}</time>
      <span>{describeEvent(event, names)}</span>
    </li>
  );
}
