import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import {
  NOTE_TYPE_INFO,
  NOTE_TYPES,
  parseNoteInput,
  type NoteType,
} from '../../../shared/domain/notes';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store';
import { selectParticipants } from '../../store/prepareSlice';

import { noteAuthor } from '../../store/runSlice';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/**
 * Keyboard-first note capture: Ctrl/Cmd+K focuses it from anywhere, a prefix (bug:, q:, idea:,
 * risk:, obs:, good:) or Ctrl/Cmd+1…6 or ↑/↓ picks the type, Enter saves, Shift+Enter breaks a line.
 */
export function CaptureBar() {
  const addNote = useAppStore((s) => s.addNote);
  const saveDraft = useAppStore((s) => s.saveDraft);
  const loadDraft = useAppStore((s) => s.loadDraft);
  const participants = useAppStore(selectParticipants);
  const focusGoal = useAppStore(
    (s) => s.detail?.goals.find((g) => g.id === s.run?.focusGoalId) ?? null,
  );
  const me = useAppStore((s) => s.me);
  const setMe = useAppStore((s) => s.setMe);
  const author = useAppStore(useShallow((s) => noteAuthor(s)));
  const sessionId = useAppStore((s) => s.run?.sessionId);
  const [text, setText] = useState('');
  const [type, setType] = useState<NoteType>('observation');
  const [message, setMessage] = useState<string>();
  const input = useRef<HTMLTextAreaElement>(null);
  const latest = useRef('');
  useEffect(() => {
    latest.current = text;
  }, [text]);

  // The draft survives a reload or a crash: it is restored from this device's store.
  useEffect(() => {
    let live = true;
    void loadDraft().then((d) => {
      if (live && d) {
        setText(d.text);
        setType(d.type);
      }
    });
    return () => {
      live = false;
    };
  }, [loadDraft, sessionId]);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const shown = parseNoteInput(text, type).type;
  const change = (next: string, nextType = type) => {
    setText(next);
    setMessage(undefined);
    void saveDraft(next, nextType);
  };
  const pick = (t: NoteType) => {
    setType(t);
    void saveDraft(text, t);
  };
  const submit = async () => {
    const raw = text;
    // Cleared at once so the next note can be typed straight away; restored only if refused.
    setText('');
    setMessage(undefined);
    const result = await addNote({ raw, type });
    if (!result.ok) {
      setText((typed) => (typed === '' ? raw : typed));
      setMessage(result.message);
      return;
    }
    // The note is in the outbox now; the saved draft may go unless a new one was started.
    if (latest.current === '') await saveDraft('', type);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      void submit();
      return;
    }
    if ((e.ctrlKey || e.metaKey) && /^[1-6]$/.test(e.key)) {
      e.preventDefault();
      pick(NOTE_TYPES[Number(e.key) - 1]!);
      return;
    }
    if ((e.key === 'ArrowUp' || e.key === 'ArrowDown') && !text.includes('\n')) {
      e.preventDefault();
      const i = NOTE_TYPES.indexOf(type);
      pick(
        NOTE_TYPES[(i + (e.key === 'ArrowDown' ? 1 : NOTE_TYPES.length - 1)) % NOTE_TYPES.length]!,
      );
    }
  };

  return (
    <section className="capture" aria-label="Take a note">
      <div className="capture-top">
        <div className="note-types" role="radiogroup" aria-label="Note type">
          {NOTE_TYPES.map((t) => (
            <button
              key={t}
              type="button"
              role="radio"
              aria-checked={shown === t}
              className={`note-type type-${t}`}
              title={`${NOTE_TYPE_INFO[t].prefix}: or ${isMac ? '⌘' : 'Ctrl+'}${NOTE_TYPE_INFO[t].key}`}
              onClick={() => {
                pick(t);
                input.current?.focus();
              }}
            >
              {NOTE_TYPE_INFO[t].label}
            </button>
          ))}
        </div>
        <label className="writing-as">
          Writing as{' '}
          <select aria-label="Writing as" value={me} onChange={(e) => setMe(e.target.value)}>
            <option value="auto">Whoever takes notes now</option>
            {participants.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <textarea
        ref={input}
        className="capture-input"
        aria-label="Note"
        aria-keyshortcuts={isMac ? 'Meta+K' : 'Control+K'}
        rows={Math.min(6, text.split('\n').length)}
        placeholder={
          author.authorId
            ? `Note by ${participants.find((p) => p.id === author.authorId)?.name ?? '…'} — bug: q: idea: risk: obs: good: · #tags · Enter saves`
            : author.reason
        }
        value={text}
        disabled={!author.authorId}
        onChange={(e) => change(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="capture-foot">
        {message ? (
          <span className="field-error" role="alert">
            {message}
          </span>
        ) : (
          <span className="capture-hint">
            {focusGoal
              ? `Attached to the focus goal: ${focusGoal.title}`
              : 'No focus goal: set one on the goal board'}
          </span>
        )}
        <span className="capture-count">
          {text.length > 9000 ? `${text.length.toLocaleString()} / 10,000` : ''}
        </span>
      </div>
    </section>
  );
}
