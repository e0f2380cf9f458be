import { useEffect, useMemo, useState } from 'react';
import type { NoteRevision } from '../../../shared/domain/notes';
import { NOTE_TYPE_INFO, NOTE_TYPES, type Note, type NoteType } from '../../../shared/domain/notes';
import type { SessionEvent } from '../../../shared/domain/run';
import { ACTION_LABELS } from '../../../shared/domain/decision';
import { Dialog } from '../../components/Dialog';
import { ParticipantOptions } from '../../components/ParticipantOptions';
import { formatClock, formatLogTime, formatTimeOfDay } from '../../lib/time';
import { useAppStore } from '../../store';
import { ScreenshotThumb } from './RedactionEditor';
import {
  filterEntries,
  NO_FILTER,
  timelineEntries,
  type TimelineEntry,
  type TimelineFilter,
} from './timelineEntries';

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

function useNames() {
  const detail = useAppStore((s) => s.detail);
  return {
    person: (id: string | null) => detail?.participants.find((p) => p.id === id)?.name ?? '—',
    goal: (id: string | null) => detail?.goals.find((g) => g.id === id)?.title ?? null,
  };
}

function describe(event: SessionEvent, names: ReturnType<typeof useNames>): string {
  switch (event.type) {
    case 'session.started':
      return 'Session started';
    case 'session.paused':
      return event.payload.reason === 'break' ? 'Break' : 'Paused';
    case 'session.resumed':
      return 'Resumed';
    case 'session.ended':
      return 'Session ended';
    case 'rotation.rotated':
      return event.payload.reason === 'auto'
        ? 'Rotated (turn ended)'
        : `Rotated${by(event, names)}`;
    case 'rotation.skipped':
      return `${names.person(event.payload.participantId)} stepped away`;
    case 'rotation.rejoined':
      return `${names.person(event.payload.participantId)} is back`;
    case 'rotation.swapped':
      return `${names.person(event.payload.a)} and ${names.person(event.payload.b)} swapped`;
    case 'rotation.shuffled':
      return 'Rotation shuffled';
    case 'roster.added':
      return `${names.person(event.payload.participantId)} joined the rotation`;
    case 'roster.removed':
      return `${names.person(event.payload.participantId)} left the rotation`;
    case 'break.skipped':
      return 'Break skipped';
    case 'goal.focused':
      return event.payload.goalId ? `Focus: ${names.goal(event.payload.goalId)}` : 'No focus goal';
    case 'goal.status':
      return `${names.goal(event.payload.goalId)}: ${event.payload.status.replace('-', ' ')}`;
    case 'goal.added':
      return `Goal added: ${names.goal(event.payload.goalId)}`;
    case 'preflight.overridden':
      return `Pre-flight overridden by ${event.payload.name} (${event.payload.items.join('; ')}): ${event.payload.reason}`;
    case 'link.issued':
      return `Personal link issued to ${event.payload.name}${by(event, names)}`;
    case 'link.revoked':
      return `Personal link of ${event.payload.name} revoked${by(event, names)}`;
    case 'join.admitted':
      return `${event.payload.name} asked to join and was admitted${by(event, names)}`;
    case 'decision.signed':
      return `Decision ${event.payload.version === 1 ? 'signed' : `amended (version ${event.payload.version})`} by ${event.payload.approverName}: ${ACTION_LABELS[event.payload.action]}${event.payload.toStage ? ` to ${event.payload.toStage}` : ''}`;
  }
}

/** Who did it, when a personal link did (the host's own app is not named). */
function by(event: SessionEvent, names: ReturnType<typeof useNames>): string {
  return event.actorId ? ` by ${names.person(event.actorId)}` : '';
}

function EventItem({ event, previous }: { event: SessionEvent; previous: number | undefined }) {
  const names = useNames();
  return (
    <li className={`timeline-event event-${event.type.replace('.', '-')}`}>
      <time dateTime={new Date(event.at).toISOString()}>{formatLogTime(event.at, previous)}</time>
      <span>{describe(event, names)}</span>
    </li>
  );
}

function NoteItem({
  entry,
  previous,
}: {
  entry: Extract<TimelineEntry, { kind: 'note' }>;
  previous: number | undefined;
}) {
  const { note, pending, rejected, opId } = entry;
  const names = useNames();
  const editNote = useAppStore((s) => s.editNote);
  const deleteNote = useAppStore((s) => s.deleteNote);
  const dismiss = useAppStore((s) => s.dismissRejected);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(note.text);
  const [history, setHistory] = useState(false);
  const role = (key: string) =>
    names.person(note.roles.find((r) => r.roleKey === key)?.participantId ?? null);
  const goal = names.goal(note.goalId);

  return (
    <li
      className={`timeline-note type-${note.type} ${pending ? 'pending' : ''} ${rejected ? 'rejected' : ''}`}
      aria-label={`${NOTE_TYPE_INFO[note.type].label}: ${note.text}`}
    >
      <div className="note-meta">
        <time dateTime={new Date(note.at).toISOString()}>
          {note.elapsedMs >= 0 ? formatClock(note.elapsedMs) : ''} ·{' '}
          {formatLogTime(note.at, previous)}
        </time>
        <span className={`note-badge type-${note.type}`}>{NOTE_TYPE_INFO[note.type].label}</span>
        <span className="note-author">{names.person(note.authorId)}</span>
        {note.roles.length > 0 && (
          <span className="note-roles">
            driving {role('driver')} · navigating {role('navigator')}
          </span>
        )}
        {goal && <span className="note-goal">→ {goal}</span>}
        {pending && !rejected && <span className="badge">pending</span>}
        {note.version > 1 && <span className="badge">edited</span>}
      </div>
      {editing ? (
        <form
          className="note-edit"
          onSubmit={async (e) => {
            e.preventDefault();
            const result = await editNote(note.id, { text: draft });
            if (result.ok) setEditing(false);
          }}
        >
          <textarea
            aria-label="Edit note"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            autoFocus
            rows={2}
          />
          <select
            aria-label="Note type"
            value={note.type}
            onChange={(e) => void editNote(note.id, { type: e.target.value as NoteType })}
          >
            {NOTE_TYPES.map((t) => (
              <option key={t} value={t}>
                {NOTE_TYPE_INFO[t].label}
              </option>
            ))}
          </select>
          <button type="submit" className="primary">
            Save
          </button>
          <button type="button" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <p className="note-text">{note.text}</p>
      )}
      {note.tags.length > 0 && (
        <div className="note-tags">{note.tags.map((t) => `#${t}`).join(' ')}</div>
      )}
      {note.screenshot && <ScreenshotThumb hash={note.screenshot} />}
      {note.evidence.length > 0 && (
        <ul className="note-evidence" aria-label="Evidence">
          {note.evidence.map((e) => (
            <li key={e.kind === 'event' ? `e${e.eventId}` : `g${e.groupKey}`}>
              {e.kind === 'group' ? 'Error group' : 'Log event'}: <code>{e.summary}</code>
            </li>
          ))}
        </ul>
      )}
      {rejected ? (
        <div className="note-rejected" role="alert">
          Not saved: {rejected}{' '}
          <button type="button" onClick={() => opId && void dismiss(opId)}>
            Dismiss
          </button>
        </div>
      ) : (
        !pending &&
        !editing && (
          <div className="note-actions">
            <button
              type="button"
              className="ghost"
              onClick={() => {
                setDraft(note.text);
                setEditing(true);
              }}
            >
              Edit
            </button>
            <button type="button" className="ghost" onClick={() => void deleteNote(note.id)}>
              Delete
            </button>
            {note.version > 1 && (
              <button type="button" className="ghost" onClick={() => setHistory(true)}>
                History
              </button>
            )}
          </div>
        )
      )}
      {history && <HistoryDialog note={note} onClose={() => setHistory(false)} />}
    </li>
  );
}

function HistoryDialog({ note, onClose }: { note: Note; onClose: () => void }) {
  const loadHistory = useAppStore((s) => s.loadNoteHistory);
  const names = useNames();
  const [revisions, setRevisions] = useState<NoteRevision[] | null>(null);
  useEffect(() => {
    let live = true;
    void loadHistory(note.id).then((r) => live && setRevisions(r));
    return () => {
      live = false;
    };
  }, [loadHistory, note.id]);

  return (
    <Dialog open title="Note history" onClose={onClose}>
      <ol className="history" aria-label="Versions">
        {(revisions ?? []).map((r) => (
          <li key={r.version}>
            <strong>v{r.version}</strong> {formatTimeOfDay(r.editedAt)} · {names.person(r.editedBy)}{' '}
            · {NOTE_TYPE_INFO[r.type].label}
            {r.deleted ? ' · deleted' : ''}
            <p>{r.text}</p>
          </li>
        ))}
      </ol>
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
