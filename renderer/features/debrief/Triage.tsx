import { useRef, useState, type KeyboardEvent } from 'react';
import { NOTE_TYPE_INFO } from '../../../shared/domain/notes';
import { findingRef } from '../../../shared/domain/debrief';
import { useAppStore } from '../../store';
import { selectDebriefNotes, selectFindings, selectUntriaged } from '../../store/debriefSlice';
import { selectParticipants } from '../../store/openSessionSlice';

/**
 * Every bug and risk note not yet promoted, one at a time from the keyboard: N makes it a new
 * finding, A adds it to the finding chosen below, S sets it aside; ↑/↓ or J/K move.
 */
export function Triage() {
  const notes = useAppStore(selectUntriaged);
  const findings = useAppStore(selectFindings);
  const people = useAppStore(selectParticipants);
  const create = useAppStore((s) => s.createFinding);
  const update = useAppStore((s) => s.updateFinding);
  const dismiss = useAppStore((s) => s.dismissNote);
  const [index, setIndex] = useState(0);
  const [target, setTarget] = useState('');
  const [pending, setPending] = useState<readonly string[]>([]);
  const inFlight = useRef(new Set<string>());
  const all = useAppStore(selectDebriefNotes);
  const promoted = new Set(findings.flatMap((f) => f.noteIds));
  const waiting = new Set(notes.map((n) => n.id));
  const setAside = all.filter(
    (n) => (n.type === 'bug' || n.type === 'risk') && !promoted.has(n.id) && !waiting.has(n.id),
  );
  /**
   * One action per note and place at a time: a key pressed twice before the answer does not act
   * twice on the same note where it stands (waiting for triage, or set aside). Once the live
   * update has moved a note on, it is not held up by the answer still on its way: the next note
   * can be triaged as soon as it shows, and a note brought back to triage can be set aside again.
   */
  const once = (
    noteId: string,
    place: 'triage' | 'aside',
    action: () => Promise<unknown> | undefined,
  ) => {
    const key = `${noteId}:${place}`;
    if (inFlight.current.has(key)) return;
    inFlight.current.add(key);
    setPending([...inFlight.current]);
    void Promise.resolve(action()).finally(() => {
      inFlight.current.delete(key);
      setPending([...inFlight.current]);
    });
  };
  const restore = setAside.length > 0 && (
    <details className="set-aside">
      <summary>Set aside ({setAside.length})</summary>
      <ul aria-label="Set aside">
        {setAside.map((n) => (
          <li key={n.id}>
            {n.text}{' '}
            <button
              type="button"
              className="ghost"
              onClick={() => once(n.id, 'aside', () => dismiss(n.id, false))}
            >
              Back to triage
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
  const list = useRef<HTMLOListElement>(null);
  if (notes.length === 0)
    return (
      <section className="card triage" aria-labelledby="triage-title">
        <h2 id="triage-title">Triage</h2>
        <p className="card-hint" role="status">
          Every bug and risk note is a finding or set aside.
        </p>
        {restore}
      </section>
    );
  const at = Math.min(index, notes.length - 1);
  const current = notes[at]!;
  const author = (id: string | null) => people.find((p) => p.id === id)?.name ?? 'Unknown';
  const targetFinding = findings.find((f) => f.id === target) ?? findings.at(-1);

  const busy = pending.includes(`${current.id}:triage`);
  const promote = () =>
    once(current.id, 'triage', () =>
      create({
        title: current.text.replace(/#\S+/g, '').trim().slice(0, 300) || 'Finding',
        noteIds: [current.id],
        severity: current.type === 'bug' ? 'major' : 'minor',
      }),
    );
  const addTo = () =>
    targetFinding &&
    once(current.id, 'triage', () =>
      update(targetFinding.id, { noteIds: [...targetFinding.noteIds, current.id] }),
    );
  const onKey = (e: KeyboardEvent) => {
    if (e.target instanceof HTMLSelectElement || e.altKey || e.ctrlKey || e.metaKey) return;
    const key = e.key.toLowerCase();
    if (key === 'arrowdown' || key === 'j') setIndex(Math.min(at + 1, notes.length - 1));
    else if (key === 'arrowup' || key === 'k') setIndex(Math.max(at - 1, 0));
    else if (key === 'n') promote();
    else if (key === 'a') addTo();
    else if (key === 's') once(current.id, 'triage', () => dismiss(current.id, true));
    else return;
    e.preventDefault();
  };

  return (
    <section className="card triage" aria-labelledby="triage-title">
      <div className="card-header">
        <h2 id="triage-title">Triage</h2>
        <span className="badge">{notes.length} to triage</span>
      </div>
      <p className="card-hint">
        <kbd>N</kbd> new finding · <kbd>A</kbd> add to a finding · <kbd>S</kbd> set aside ·{' '}
        <kbd>↑</kbd>/<kbd>↓</kbd> move
      </p>
      <ol
        ref={list}
        className="triage-list"
        role="listbox"
        tabIndex={0}
        aria-label="Notes to triage"
        aria-activedescendant={`triage-${current.id}`}
        onKeyDown={onKey}
      >
        {notes.map((n, i) => (
          <li
            key={n.id}
            id={`triage-${n.id}`}
            className={i === at ? 'selected' : ''}
            aria-selected={i === at}
            role="option"
            onClick={() => setIndex(i)}
          >
            <span className={`badge type-${n.type}`}>{NOTE_TYPE_INFO[n.type].label}</span> {n.text}{' '}
            <span className="muted">
              — {author(n.authorId)}, {new Date(n.at).toLocaleTimeString()}
            </span>
            {n.evidence.length > 0 && <span className="badge">{n.evidence.length} evidence</span>}
          </li>
        ))}
      </ol>
      <div className="triage-actions">
        <button type="button" disabled={busy} onClick={promote}>
          New finding
        </button>
        <select
          aria-label="Finding to add the note to"
          value={targetFinding?.id ?? ''}
          onChange={(e) => setTarget(e.target.value)}
          disabled={findings.length === 0}
        >
          {findings.map((f) => (
            <option key={f.id} value={f.id}>
              {findingRef(f)} {f.title}
            </option>
          ))}
        </select>
        <button type="button" disabled={!targetFinding} onClick={addTo}>
          Add to finding
        </button>
        <button
          type="button"
          className="ghost"
          onClick={() => once(current.id, 'triage', () => dismiss(current.id, true))}
        >
          Set aside
        </button>
      </div>
      {restore}
    </section>
  );
}
