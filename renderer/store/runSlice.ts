import { monotonicFactory } from 'ulid';
import type { ArgsOf, MethodName } from '../../shared/api/contract';
import type { Note, NoteRevision, NoteType, OpInput, Presence } from '../../shared/domain/notes';
import { NOTE_TYPES, parseNoteInput } from '../../shared/domain/notes';
import {
  mayWrite,
  noteTextProblem,
  ROLE_GRACE_MS,
  sharedScreenWriter,
  writerRoleName,
} from '../../shared/domain/noteRules';
import type { GoalStatus, RunSnapshot, SessionEvent } from '../../shared/domain/run';
import type { Outbox, SyncState } from '../outbox/outbox';
import type { OutboxEntry } from '../outbox/db';
import type { DraftStart, NoteDraft } from '../outbox/drafts';
import { createActions, NO_SESSION, settled } from './action';
import type { ActionResult, AppState, DataOf } from './types';
import type { StateCreator } from 'zustand';
import { sameEvidence } from './feedsSlice';
import { forgetUndo, openUndoOffers, rememberUndo, UNDO_MS, type UndoOffer } from './noteUndo';
import type { ApiClient } from '../api/client';

/** The run.* methods that change the run and answer with its new snapshot. */
type RunCommand = Exclude<
  Extract<MethodName, `run.${string}`>,
  'run.state' | 'notes.apply' | 'notes.timeline'
>;

/** 'auto' = whoever holds the note-writing role right now (one shared screen). */
export type Me = 'auto' | string;

export type RunSlice = {
  run: RunSnapshot | null;
  /** Host clock minus this device's clock, measured when the last snapshot arrived. */
  clockOffset: number;
  timeline: { notes: Note[]; events: SessionEvent[] };
  outboxEntries: OutboxEntry[];
  sync: SyncState;
  me: Me;
  /** Who began the note being typed, and when (host time): a rotation does not change its writer. */
  draftStart: DraftStart | null;
  loadRun(sessionId: string): Promise<void>;
  applySnapshot(snapshot: RunSnapshot): void;
  /** Notes the host stored, from its answer to the outbox or from another client's change. */
  receiveNotes(notes: readonly Note[]): void;
  loadTimeline(): Promise<void>;
  refreshOutbox(): Promise<void>;
  command<M extends RunCommand>(
    method: M,
    args: Omit<ArgsOf<M>, 'sessionId'>,
  ): Promise<ActionResult>;
  setMe(me: Me): void;
  /**
   * `fromDraft`: the text is the capture bar's draft, cleared in the same task as the note is
   * kept (before anything waits), so a reload can never bring a saved note back as a draft.
   */
  addNote(input: {
    raw: string;
    type: NoteType;
    screenshot?: string | null;
    fromDraft?: boolean;
  }): Promise<ActionResult>;
  editNote(
    noteId: string,
    patch: { text?: string; type?: NoteType; goalId?: string | null },
  ): Promise<ActionResult>;
  /** Deletes at once and offers "Undo" for a few seconds (also after a reload in that time). */
  deleteNote(noteId: string): Promise<void>;
  restoreNote(noteId: string): Promise<void>;
  /** Shows again the undo offers this tab still has open (after a reload). */
  resumeUndo(): void;
  setGoalStatus(goalId: string, status: GoalStatus): Promise<void>;
  /** Pins what is pinned (for the next note) to a note already written: anyone may. */
  pinToNote(noteId: string): Promise<void>;
  hostNow(): number;
  /**
   * The note being typed, kept on this device (synchronously) so a reload does not lose it,
   * with who began it and when.
   */
  saveDraft(text: string, type: NoteType): void;
  /** The draft as kept now, without waiting. */
  draftNow(): KeptDraft | null;
  /** The draft, also one an earlier version kept in IndexedDB. */
  loadDraft(): Promise<KeptDraft | null>;
  /** A kept draft is shown again (after a reload): its writer and start come back with it. */
  resumeDraft(draft: KeptDraft | null): void;
  dismissRejected(opId: string): Promise<void>;
  loadNoteHistory(noteId: string): Promise<NoteRevision[]>;
  /** Upload an already redacted image; resolves to its hash or a message. */
  uploadScreenshot(bytes: Uint8Array<ArrayBuffer>): Promise<{ hash: string } | { error: string }>;
  /** An object URL for a stored screenshot (fetched once per hash). */
  screenshotUrl(hash: string): Promise<string | null>;
};

export type { DraftStart };
/** A draft as kept on this device. */
export type KeptDraft = { text: string; type: NoteType; start: DraftStart | null };

/** Ids sort in the order they were made, even within one millisecond. */
const ulid = monotonicFactory();

/**
 * Screenshots are immutable (content-addressed): one object URL per hash, for the last ones
 * asked. Each holds its image (up to 20 MB) until revoked, so a page open through many
 * sessions keeps the most recent only; an image already on screen stays drawn when its URL is
 * revoked, and one shown again gets a new URL.
 */
export const MAX_IMAGE_URLS = 50;
const imageUrls = new Map<string, string>();

const asNoteType = (type: string): NoteType =>
  (NOTE_TYPES as readonly string[]).includes(type) ? (type as NoteType) : 'observation';

const keptDraft = (draft: NoteDraft | null): KeptDraft | null =>
  draft ? { text: draft.text, type: asNoteType(draft.type), start: draft.start ?? null } : null;

const ME_KEY = (sessionId: string) => `ensemble.me.${sessionId}`;
const EMPTY_SYNC: SyncState = {
  pending: 0,
  rejected: [],
  offline: false,
  storage: null,
  sending: false,
};

/** The run of a session just opened: nothing loaded yet, and whom this device writes as there. */
export function freshRun(sessionId: string | null): Omit<DataOf<RunSlice>, 'clockOffset'> {
  const me =
    sessionId && typeof localStorage !== 'undefined'
      ? localStorage.getItem(ME_KEY(sessionId))
      : null;
  return {
    run: null,
    timeline: { notes: [], events: [] },
    outboxEntries: [],
    sync: EMPTY_SYNC,
    me: me ?? 'auto',
    draftStart: null,
  };
}

/**
 * Merge notes by version: answers and events can arrive in any order, and an older answer must
 * neither hide a newer note nor bring back a deleted one (deleted notes stay, as tombstones).
 */
export function mergeNotes(known: readonly Note[], incoming: readonly Note[]): Note[] {
  const byId = new Map(known.map((n) => [n.id, n]));
  let changed = false;
  for (const n of incoming) {
    const current = byId.get(n.id);
    // A version seen already is the same note: the host's answer and its event both bring it.
    if (current && n.version <= current.version) continue;
    byId.set(n.id, n);
    changed = true;
  }
  if (!changed) return known as Note[];
  return [...byId.values()].sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
}

/**
 * Whether the writer of the note being typed is finishing it after their turn ended: the
 * draft began before the current turn, less than ROLE_GRACE_MS ago (the host has the last word).
 */
function finishing(
  state: Pick<AppState, 'run' | 'draftStart' | 'clockOffset'>,
  authorId: string | null,
): DraftStart | null {
  const { run, draftStart } = state;
  if (!run || !draftStart || draftStart.authorId === authorId) return null;
  const turnStartedAt = run.hostNow - (run.elapsedMs - run.turn.startedElapsedMs);
  const now = Date.now() + state.clockOffset;
  const inGrace = draftStart.startedAt < turnStartedAt && now - turnStartedAt < ROLE_GRACE_MS;
  return inGrace ? draftStart : null;
}

/** Whom this page writes as: a personal link's holder always, else the choice made here. */
export const chosenWriter = (
  state: Pick<AppState, 'me'> & Partial<Pick<AppState, 'identity'>>,
): Me => (state.identity?.kind === 'person' ? state.identity.participantId : state.me);

/** The participant a new note is written by, or null with the reason nobody may write now. */
export function noteAuthor(
  state: Pick<AppState, 'run' | 'detail' | 'me' | 'draftStart' | 'clockOffset'> &
    Partial<Pick<AppState, 'identity'>>,
): {
  authorId: string | null;
  reason?: string;
  /** Set while the writer of the note being typed finishes it after their turn (grace). */
  finishingFor?: string | null;
} {
  const { run, detail } = state;
  const me = chosenWriter(state);
  if (!run || !detail) return { authorId: null, reason: 'Loading…' };
  if (run.status === 'draft') return { authorId: null, reason: 'Start the session to take notes' };
  if (run.status === 'ended') return { authorId: null, reason: 'The session has ended' };
  const writers = detail.session.noteWriters;
  const current = sharedScreenWriter(writers, run.roles);
  const mine = me === 'auto' ? current : mayWrite(writers, me, run.roles) ? me : null;
  const grace = finishing(state, mine);
  if (grace && (me === 'auto' || me === grace.authorId))
    return { authorId: grace.authorId, finishingFor: current };
  if (me === 'auto') {
    return current
      ? { authorId: current }
      : { authorId: null, reason: 'Nobody holds the note-taking role right now' };
  }
  if (mine) return { authorId: mine };
  const name = detail.participants.find((p) => p.id === current)?.name;
  return {
    authorId: null,
    reason: `Only the ${writerRoleName(writers, detail.roles)}${name ? ` (${name})` : ''} writes notes now`,
  };
}

export const createRunSlice =
  (client: ApiClient, outbox: Outbox): StateCreator<AppState, [], [], RunSlice> =>
  (set, get) => {
    const { act, actOnSession } = createActions(get);
    const sessionId = () => get().openSessionId;
    let timelineRequest = 0;
    const enqueue = async (op: OpInput) => {
      const id = sessionId();
      if (!id) throw new Error(NO_SESSION.message);
      await outbox.enqueue(id, op);
    };

    /** Who deletes or restores a note, and when: the chosen person, else the note-taker. */
    const removal = (noteId: string) => ({
      at: get().hostNow(),
      editorId: chosenWriter(get()) !== 'auto' ? chosenWriter(get()) : noteAuthor(get()).authorId,
      noteId,
    });
    /** Toast ids of the undo offers shown, by note: one toast per deleted note. */
    const undoToasts = new Map<string, number>();
    const offerUndo = (offer: UndoOffer) => {
      const id = sessionId();
      const shown = undoToasts.get(offer.noteId);
      if (!id || (shown !== undefined && get().toasts.some((t) => t.id === shown))) return;
      rememberUndo(id, offer);
      const toastId = get().toast('info', 'Note deleted', {
        action: { label: 'Undo', run: () => void get().restoreNote(offer.noteId) },
        timeoutMs: Math.max(1000, offer.until - Date.now()),
      });
      undoToasts.set(offer.noteId, toastId);
    };

    return {
      ...freshRun(null),
      clockOffset: 0,

      hostNow: () => Date.now() + get().clockOffset,

      applySnapshot(snapshot) {
        set({ run: snapshot, clockOffset: snapshot.hostNow - Date.now() });
      },

      receiveNotes(notes) {
        const { timeline } = get();
        const merged = mergeNotes(timeline.notes, notes);
        // Nothing new (a note's answer, then its event): no render of the timeline for it.
        if (merged !== timeline.notes) set({ timeline: { ...timeline, notes: merged } });
      },

      async loadRun(id) {
        get().openSession(id);
        const done = await actOnSession((sessionId) => client.call('run.state', { sessionId }), {
          apply: get().applySnapshot,
        });
        if (!done.ok) return;
        await Promise.all([get().loadTimeline(), get().refreshOutbox()]);
        void outbox.flush(id);
      },

      async loadTimeline() {
        const mine = ++timelineRequest;
        // The host writes only well-formed events; the wire schema keeps payloads open.
        const call = (sessionId: string) =>
          client.call('notes.timeline', { sessionId }) as Promise<
            RunSlice['timeline'] & { presence: Presence }
          >;
        await actOnSession(call, {
          apply: (fresh) => {
            const { timeline } = get();
            set({
              timeline: {
                notes: mergeNotes(timeline.notes, fresh.notes),
                events: mine === timelineRequest ? fresh.events : timeline.events,
              },
            });
            get().receivePresence(fresh.presence);
          },
        });
      },

      async refreshOutbox() {
        await actOnSession((id) => outbox.snapshot(id), {
          apply: ({ entries: outboxEntries, state: sync }) => set({ outboxEntries, sync }),
        });
      },

      async command(method, args) {
        const done = await actOnSession(
          (sessionId) => client.call(method, { ...args, sessionId } as never),
          { apply: (snapshot) => get().applySnapshot(snapshot as RunSnapshot) },
        );
        if (done.ok && (method === 'run.start' || method === 'run.end'))
          void get().refreshSession();
        return settled(done);
      },

      setMe(me) {
        set({ me });
        const id = sessionId();
        if (id && typeof localStorage !== 'undefined') localStorage.setItem(ME_KEY(id), me);
      },

      async addNote({ raw, type, screenshot = null, fromDraft = false }) {
        const { text, type: parsedType, tags } = parseNoteInput(raw, type);
        const problem = noteTextProblem(text);
        if (problem) return { ok: false, message: problem, fields: { text: problem } };
        const { authorId, reason } = noteAuthor(get());
        if (!authorId)
          return {
            ok: false,
            message: reason ?? 'Nobody can write notes now',
            fields: { text: reason ?? '' },
          };
        const id = sessionId();
        const { draftStart } = get();
        const startedAt =
          fromDraft && draftStart?.authorId === authorId ? draftStart.startedAt : undefined;
        // The stored draft is cleared first (its space is the journal's), then the op is handed
        // to the outbox (the worker's put and the journal, in this task); the store's change,
        // which every subscriber hears, comes after.
        if (fromDraft && id) outbox.saveDraft(id, '', type);
        const kept = enqueue({
          opId: ulid(),
          kind: 'note.create',
          at: get().hostNow(),
          note: {
            id: ulid(),
            type: parsedType,
            text,
            tags,
            authorId,
            goalId: get().run?.focusGoalId ?? null,
            screenshot,
            evidence: get().pendingEvidence,
            ...(startedAt === undefined ? {} : { startedAt }),
          },
        });
        if (fromDraft && id) set({ draftStart: null });
        await kept;
        get().clearEvidence();
        return { ok: true };
      },

      async editNote(noteId, patch) {
        const next =
          patch.text === undefined
            ? patch
            : {
                ...patch,
                ...(() => {
                  const parsed = parseNoteInput(patch.text, patch.type ?? 'observation');
                  return { text: parsed.text, tags: parsed.tags };
                })(),
              };
        if (next.text !== undefined && !next.text)
          return { ok: false, message: 'A note cannot be empty; delete it instead', fields: {} };
        const chosen = chosenWriter(get());
        const editorId = noteAuthor(get()).authorId ?? (chosen !== 'auto' ? chosen : null);
        await enqueue({
          opId: ulid(),
          kind: 'note.edit',
          at: get().hostNow(),
          editorId,
          noteId,
          patch: next,
        });
        return { ok: true };
      },

      async pinToNote(noteId) {
        const note = get().timeline.notes.find((n) => n.id === noteId);
        const pins = get().pendingEvidence;
        if (!note || pins.length === 0) return;
        const added = pins.filter((p) => !note.evidence.some((e) => sameEvidence(e, p)));
        const chosen = chosenWriter(get());
        await enqueue({
          opId: ulid(),
          kind: 'note.edit',
          at: get().hostNow(),
          editorId: chosen !== 'auto' ? chosen : null,
          noteId,
          patch: { evidence: [...note.evidence, ...added].slice(0, 20) },
        });
        set({ pendingEvidence: [] });
      },

      async deleteNote(noteId) {
        await enqueue({ opId: ulid(), kind: 'note.delete', ...removal(noteId) });
        offerUndo({ noteId, until: Date.now() + UNDO_MS });
      },

      async restoreNote(noteId) {
        const id = sessionId();
        if (id) forgetUndo(id, noteId);
        await enqueue({ opId: ulid(), kind: 'note.restore', ...removal(noteId) });
        get().toast('info', 'Note restored');
      },

      resumeUndo() {
        const id = sessionId();
        if (id) for (const offer of openUndoOffers(id, Date.now())) offerUndo(offer);
      },

      saveDraft(text, type) {
        // The note's writer is whoever began it; an emptied box starts over.
        if (text.trim() === '') {
          if (get().draftStart) set({ draftStart: null });
        } else if (!get().draftStart) {
          const { authorId } = noteAuthor(get());
          if (authorId) set({ draftStart: { authorId, startedAt: get().hostNow() } });
        }
        const id = sessionId();
        if (id) outbox.saveDraft(id, text, type, get().draftStart);
      },

      draftNow() {
        const id = sessionId();
        return keptDraft(id ? outbox.draftNow(id) : null);
      },

      async loadDraft() {
        const id = sessionId();
        return keptDraft(id ? await outbox.draft(id) : null);
      },

      resumeDraft(draft) {
        const start = draft && draft.text.trim() !== '' ? draft.start : null;
        const { draftStart } = get();
        if (draftStart?.authorId !== start?.authorId || draftStart?.startedAt !== start?.startedAt)
          set({ draftStart: start });
      },

      async loadNoteHistory(noteId) {
        const done = await act(() => client.call('notes.history', { noteId }));
        return done.ok ? done.value.revisions : [];
      },

      async uploadScreenshot(bytes) {
        const done = await actOnSession(
          (sessionId) => client.call('screenshots.upload', { sessionId, bytes }),
          { report: 'quiet' },
        );
        return done.ok ? { hash: done.value.hash } : { error: done.message };
      },

      async screenshotUrl(hash) {
        const cached = imageUrls.get(hash);
        if (cached) {
          imageUrls.delete(hash); // the most recently asked is forgotten last
          imageUrls.set(hash, cached);
          return cached;
        }
        const done = await actOnSession(
          (sessionId) => client.call('screenshots.get', { sessionId, hash }),
          { report: 'quiet' },
        );
        if (!done.ok) return null;
        const { mime, bytes } = done.value;
        const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: mime }));
        imageUrls.set(hash, url);
        for (const [oldest, old] of imageUrls) {
          if (imageUrls.size <= MAX_IMAGE_URLS) break;
          imageUrls.delete(oldest);
          URL.revokeObjectURL(old);
        }
        return url;
      },

      async dismissRejected(opId) {
        const id = sessionId();
        if (id) await outbox.dismiss(opId, id);
      },

      async setGoalStatus(goalId, status) {
        const chosen = chosenWriter(get());
        const actorId = chosen !== 'auto' ? chosen : null;
        const detail = get().detail;
        // Shown at once; the outbox makes sure the host gets it.
        if (detail)
          set({
            detail: {
              ...detail,
              goals: detail.goals.map((g) => (g.id === goalId ? { ...g, status } : g)),
            },
          });
        await enqueue({
          opId: ulid(),
          kind: 'goal.status',
          at: get().hostNow(),
          actorId,
          goalId,
          status,
        });
      },
    };
  };

export const selectRun = (s: RunSlice) => s.run;
export const selectSync = (s: RunSlice) => s.sync;
