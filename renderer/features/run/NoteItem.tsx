import { useEffect, useState } from 'react';
import type { NoteRevision } from '../../../shared/domain/notes';
import { NOTE_TYPE_INFO, NOTE_TYPES, type Note, type NoteType } from '../../../shared/domain/notes';
import { Dialog } from '../../components/Dialog';
import { formatClock, formatLogTime, formatTimeOfDay } from '../../lib/time';
import { useAppStore } from '../../store';
import { selectCan, selectPerson } from '../../store/identitySlice';
import { ScreenshotThumb } from './RedactionEditor';
import type { TimelineEntry } from './timelineEntries';

/** Names of the open session's people and goals, for the timeline. */
export function useNames() {
  const detail = useAppStore((s) => s.detail);
  return {
    person: (id: string | null) => detail?.participants.find((p) => p.id === id)?.name ?? '—',
    goal: (id: string | null) => detail?.goals.find((g) => g.id === id)?.title ?? null,
  };
}

/** One note on the timeline: its own notes marked on a personal page, edits, pins, history. */
export function NoteItem({
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
  const pins = useAppStore((s) => s.pendingEvidence.length);
  const pinToNote = useAppStore((s) => s.pinToNote);
  const person = useAppStore(selectPerson);
  const facilitates = useAppStore(selectCan('facilitate'));
  const mine = person !== null && note.authorId === person.participantId;
  // A personal link changes its own notes; on other people's it can pin evidence (the host checks).
  const mayChange = person === null || mine || facilitates;
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(note.text);
  const [history, setHistory] = useState(false);
  const role = (key: string) =>
    names.person(note.roles.find((r) => r.roleKey === key)?.participantId ?? null);
  const goal = names.goal(note.goalId);

  return (
    <li
      className={`timeline-note type-${note.type} ${pending ? 'pending' : ''} ${rejected ? 'rejected' : ''} ${mine ? 'mine' : ''}`}
      aria-label={`${NOTE_TYPE_INFO[note.type].label}: ${note.text}`}
    >
      <div className="note-meta">
        <time dateTime={new Date(note.at).toISOString()}>
          {note.elapsedMs >= 0 ? formatClock(note.elapsedMs) : ''} ·{' '}
          {formatLogTime(note.at, previous)}
        </time>
        <span className={`note-badge type-${note.type}`}>{NOTE_TYPE_INFO[note.type].label}</span>
        <span className="note-author">
          {names.person(note.authorId)}
          {mine && <span className="badge note-mine">you</span>}
        </span>
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
            {mayChange && (
              <>
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
              </>
            )}
            {pins > 0 && note.deletedAt === null && (
              <button type="button" className="ghost" onClick={() => void pinToNote(note.id)}>
                Pin here ({pins})
              </button>
            )}
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
