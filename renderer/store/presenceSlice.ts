import type { Presence } from '../../shared/domain/notes';
import { sharedScreenWriter } from '../../shared/domain/noteRules';
import { createActions } from './action';
import { selectPerson } from './identitySlice';
import { noteAuthor } from './runSlice';
import type { AppState, SliceCreator } from './types';

/** The note this page's writer is finishing after their turn ended. */
export type FinishingSignal = { authorId: string; startedAt: number };

/**
 * Who is finishing a note after their turn ended, across the pages of the session: each page
 * that is in such a grace tells the host (notes.finishing), and every page hears who is
 * (presence.changed), so the next note-taker learns it on their own screen.
 */
export type PresenceSlice = {
  /** As the host last said, for the open session. */
  presence: Presence;
  /** From an event or an answer; an older one than what is shown is ignored. */
  receivePresence(presence: Presence): void;
  /** What this page is finishing now (null: nothing); the host is told of each change, in order. */
  signalFinishing(signal: FinishingSignal | null): void;
  /** Tells the host again (after a reconnect: it forgot when this page's connection closed). */
  resendFinishing(): void;
};

export const FRESH_PRESENCE = { presence: { version: 0, finishing: [] } } as const satisfies {
  presence: Presence;
};

type Told = FinishingSignal & { sessionId: string };
const same = (a: Told | null, b: Told | null) =>
  a === b ||
  (a !== null &&
    b !== null &&
    a.sessionId === b.sessionId &&
    a.authorId === b.authorId &&
    a.startedAt === b.startedAt);

export const createPresenceSlice: SliceCreator<PresenceSlice> = (client) => (set, get) => {
  const { act } = createActions(get);
  let wanted: Told | null = null;
  /** What the host was last told (null: nothing, or it may have forgotten). */
  let told: Told | null = null;
  let sending = false;

  const send = (what: Told, active: boolean) =>
    act(
      () =>
        client.call('notes.finishing', {
          sessionId: what.sessionId,
          participantId: what.authorId,
          active,
          ...(active ? { startedAt: what.startedAt } : {}),
        }),
      {
        // Refused when the grace ended meanwhile: nothing to show the writer, who still saves.
        report: 'quiet',
        apply: (presence) => {
          if (get().openSessionId === what.sessionId) get().receivePresence(presence);
        },
      },
    );

  /** One call at a time, so the host hears "stopped" and "finishing" in the order they happened. */
  async function pump() {
    if (sending) return;
    sending = true;
    try {
      while (!same(wanted, told)) {
        const target = wanted;
        if (
          told &&
          (!target || told.authorId !== target.authorId || told.sessionId !== target.sessionId)
        ) {
          const last = told;
          told = null;
          await send(last, false);
          continue;
        }
        told = target;
        if (target) await send(target, true);
      }
    } finally {
      sending = false;
    }
  }

  return {
    ...FRESH_PRESENCE,
    receivePresence(presence) {
      if (presence.version >= get().presence.version) set({ presence });
    },
    signalFinishing(signal) {
      const sessionId = get().openSessionId;
      wanted = signal && sessionId ? { ...signal, sessionId } : null;
      void pump();
    },
    resendFinishing() {
      told = null;
      void pump();
    },
  };
};

/** The note this page is finishing after its writer's turn ended, or null. */
export function ownFinishing(state: Parameters<typeof noteAuthor>[0]): FinishingSignal | null {
  const { authorId, finishingFor } = noteAuthor(state);
  if (finishingFor === undefined || !authorId || state.draftStart?.authorId !== authorId)
    return null;
  return { authorId, startedAt: state.draftStart.startedAt };
}

/**
 * The lines that tell a page who is finishing a note: this page's own writer (known here at
 * once) and those the host says are finishing on other screens. The next note-taker reads
 * "you take notes once it is saved" on their personal page.
 */
export function graceNotices(
  state: Pick<
    AppState,
    'run' | 'detail' | 'me' | 'draftStart' | 'clockOffset' | 'identity' | 'presence'
  >,
): string[] {
  const { run, detail } = state;
  if (!run || !detail) return [];
  const self = selectPerson(state)?.participantId ?? null;
  const nameOf = (id: string) => detail.participants.find((p) => p.id === id)?.name ?? null;
  const who = (id: string) =>
    id === self ? 'You are' : `${nameOf(id) ?? 'The last note-taker'} is`;
  const then = (next: string | null | undefined) =>
    !next
      ? ''
      : next === self
        ? ' — you take notes once it is saved'
        : nameOf(next)
          ? ` — ${nameOf(next)} takes notes once it is saved`
          : '';
  const lines: string[] = [];
  const local = noteAuthor(state);
  const localWriter = local.finishingFor !== undefined ? local.authorId : null;
  if (localWriter) lines.push(`${who(localWriter)} finishing a note${then(local.finishingFor)}`);
  const next = sharedScreenWriter(detail.session.noteWriters, run.roles);
  for (const { participantId } of state.presence.finishing)
    if (participantId !== localWriter)
      lines.push(`${who(participantId)} finishing a note${then(next)}`);
  return lines;
}
