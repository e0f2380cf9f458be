import {
  useEffect,
  useRef,
  useState,
  type ClipboardEvent,
  type DragEvent,
  type KeyboardEvent,
} from 'react';
import { desktop } from '../../api/desktop';
import { ParticipantOptions } from '../../components/ParticipantOptions';
import { SourcePicker } from './SourcePicker';
import { EvidenceChips } from './EvidenceChips';
import { GraceNotice } from './GraceNotice';
import { imageProblem, RedactionEditor } from './RedactionEditor';
import {
  NOTE_TYPE_INFO,
  NOTE_TYPES,
  parseNoteInput,
  type NoteType,
} from '../../../shared/domain/notes';
import { MAX_NOTE_CHARS } from '../../../shared/domain/noteRules';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store';
import { selectParticipants } from '../../store/openSessionSlice';
import { selectPerson } from '../../store/identitySlice';

import { noteAuthor, type KeptDraft } from '../../store/runSlice';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/**
 * Keyboard-first note capture: Ctrl/Cmd+K focuses it from anywhere, a prefix (bug:, q:, idea:,
 * risk:, obs:, good:) or Ctrl/Cmd+1…6 or ↑/↓ picks the type, Enter saves, Shift+Enter breaks a line.
 */
export function CaptureBar() {
  const addNote = useAppStore((s) => s.addNote);
  const saveDraft = useAppStore((s) => s.saveDraft);
  const draftNow = useAppStore((s) => s.draftNow);
  const loadDraft = useAppStore((s) => s.loadDraft);
  const resumeDraft = useAppStore((s) => s.resumeDraft);
  const participants = useAppStore(selectParticipants);
  const focusGoal = useAppStore(
    (s) => s.detail?.goals.find((g) => g.id === s.run?.focusGoalId) ?? null,
  );
  const me = useAppStore((s) => s.me);
  const setMe = useAppStore((s) => s.setMe);
  const person = useAppStore(selectPerson);
  const author = useAppStore(useShallow((s) => noteAuthor(s)));
  const sessionId = useAppStore((s) => s.openSessionId);
  // What is typed, also kept in a ref that changes in the same task as the key press: Enter
  // right after a paste must send the pasted text even before React has rendered it.
  const [text, setTextState] = useState(() => draftNow()?.text ?? '');
  const [type, setTypeState] = useState<NoteType>(() => draftNow()?.type ?? 'observation');
  const typed = useRef({ text, type });
  const setText = (next: string) => {
    typed.current = { ...typed.current, text: next };
    setTextState(next);
  };
  const setType = (next: NoteType) => {
    typed.current = { ...typed.current, type: next };
    setTypeState(next);
  };
  const [message, setMessage] = useState<string>();
  const input = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [source, setSource] = useState<Blob | null>(null);
  const [attachment, setAttachment] = useState<{ hash: string; previewUrl: string } | null>(null);

  // The draft survives a reload or a crash: it is restored from this device's store (a draft
  // an earlier version kept in IndexedDB only if nothing has been typed meanwhile), with who
  // began it and when, so a rotation meanwhile leaves it its writer.
  useEffect(() => {
    let live = true;
    const restore = (d: KeptDraft | null) => {
      typed.current = { text: d?.text ?? '', type: d?.type ?? 'observation' };
      setTextState(typed.current.text);
      setTypeState(typed.current.type);
      resumeDraft(d);
    };
    const now = draftNow();
    if (now) restore(now);
    else if (typed.current.text !== '') restore(null); // another session's text
    if (!now)
      void loadDraft().then((d) => {
        if (live && d && typed.current.text === '') restore(d);
      });
    return () => {
      live = false;
    };
  }, [draftNow, loadDraft, resumeDraft, sessionId]);

  const takeImage = (file: Blob | null | undefined) => {
    if (!file) return;
    const problem = imageProblem(file);
    if (problem) return setMessage(problem);
    setMessage(undefined);
    setSource(file);
  };
  const [picking, setPicking] = useState(false);
  const screenshot = async () => {
    if (desktop) setPicking(true);
    else fileInput.current?.click();
  };
  const screenshotRef = useRef(screenshot);
  useEffect(() => {
    screenshotRef.current = screenshot;
  });

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        const box = input.current;
        if (box && document.activeElement !== box) {
          box.focus();
          // A draft restored after a reload is continued, not typed in front of.
          box.setSelectionRange(box.value.length, box.value.length);
        }
      }
      if ((e.ctrlKey || e.metaKey) && e.shiftKey && e.key.toLowerCase() === 's') {
        e.preventDefault();
        void screenshotRef.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const shown = parseNoteInput(text, type).type;
  // Every change is written synchronously, in the task of the key press or paste.
  const change = (next: string) => {
    setText(next);
    setMessage(undefined);
    saveDraft(next, typed.current.type);
  };
  const pick = (t: NoteType) => {
    setType(t);
    saveDraft(typed.current.text, t);
  };
  const submit = async () => {
    const { text: written, type: writtenType } = typed.current;
    const raw = written.trim() === '' && attachment ? 'Screenshot' : written;
    const shot = attachment;
    // Cleared at once so the next note can be typed straight away; the stored draft is cleared
    // by addNote in this same task when it keeps the note, and stays when it refuses it.
    setText('');
    setMessage(undefined);
    const result = await addNote({
      raw,
      type: writtenType,
      screenshot: shot?.hash ?? null,
      fromDraft: true,
    });
    if (!result.ok) {
      if (typed.current.text === '') {
        setText(written);
        saveDraft(written, writtenType);
      }
      setMessage(result.message);
      return;
    }
    setAttachment(null);
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

  const onPaste = (e: ClipboardEvent) => {
    const files = [...e.clipboardData.items].filter((i) => i.kind === 'file');
    if (files.length === 0) return; // text pastes as text
    e.preventDefault();
    takeImage(files.find((i) => i.type.startsWith('image/'))?.getAsFile() ?? files[0]!.getAsFile());
  };
  const onDrop = (e: DragEvent) => {
    const file = e.dataTransfer.files[0];
    if (!file) return;
    e.preventDefault();
    takeImage(file);
  };

  return (
    <section
      className="capture"
      aria-label="Take a note"
      onPaste={onPaste}
      onDrop={onDrop}
      onDragOver={(e) => e.preventDefault()}
    >
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
        {person ? (
          // A personal link writes as its holder: nothing to choose.
          <span className="writing-as">Writing as {person.name}</span>
        ) : (
          <label className="writing-as">
            Writing as{' '}
            <select aria-label="Writing as" value={me} onChange={(e) => setMe(e.target.value)}>
              <option value="auto">Whoever takes notes now</option>
              <ParticipantOptions participants={participants} />
            </select>
          </label>
        )}
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
      <GraceNotice />
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
          {text.length > MAX_NOTE_CHARS - 1000
            ? `${text.length.toLocaleString()} / ${MAX_NOTE_CHARS.toLocaleString('en')}`
            : ''}
        </span>
        <button
          type="button"
          className="ghost"
          disabled={!author.authorId}
          onClick={() => void screenshot()}
          title={`${isMac ? '⌘⇧' : 'Ctrl+Shift+'}S, or paste or drop an image`}
        >
          {desktop ? 'Capture screen…' : 'Attach screenshot…'}
        </button>
        <input
          ref={fileInput}
          type="file"
          hidden
          accept="image/png,image/jpeg,image/webp"
          aria-label="Screenshot file"
          onChange={(e) => {
            takeImage(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
      </div>
      <EvidenceChips typedBug={shown === 'bug' && text.trim().length > 0} />
      {attachment && (
        <div className="attachment" aria-label="Attached screenshot">
          <img src={attachment.previewUrl} alt="Screenshot to attach" />
          <span>Attached to the next note</span>
          <button type="button" className="ghost" onClick={() => setAttachment(null)}>
            Remove
          </button>
        </div>
      )}
      {picking && (
        <SourcePicker
          onCancel={() => setPicking(false)}
          onPicked={(image) => {
            setPicking(false);
            takeImage(image);
          }}
        />
      )}
      {source && (
        <RedactionEditor
          source={source}
          onCancel={() => setSource(null)}
          onAttached={(hash, previewUrl) => {
            setSource(null);
            setAttachment({ hash, previewUrl });
            input.current?.focus();
          }}
        />
      )}
    </section>
  );
}
