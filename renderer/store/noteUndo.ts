/**
 * "Note deleted · Undo": a delete is sent at once (through the outbox, like every note op) and
 * undone by a restore op, so a reload, a crash or a lost connection between the two loses
 * nothing and duplicates nothing — the host applies each op once, in order. The offer itself is
 * kept in this tab's sessionStorage until it runs out, so a reload within the window shows it
 * again for the time left.
 */
export const UNDO_MS = 8000;

export type UndoOffer = { noteId: string; until: number };
type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const KEY = (sessionId: string) => `ensemble.undo-delete.${sessionId}`;
const tabStorage = (): Store | undefined => {
  try {
    return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
  } catch {
    return undefined; // storage blocked: the undo still works until a reload
  }
};

function read(storage: Store, sessionId: string): UndoOffer[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(KEY(sessionId)) ?? '[]');
    return Array.isArray(parsed)
      ? parsed.filter(
          (o): o is UndoOffer => typeof o?.noteId === 'string' && typeof o?.until === 'number',
        )
      : [];
  } catch {
    return [];
  }
}

function write(storage: Store, sessionId: string, offers: UndoOffer[]) {
  try {
    if (offers.length === 0) storage.removeItem(KEY(sessionId));
    else storage.setItem(KEY(sessionId), JSON.stringify(offers.slice(-4)));
  } catch {
    // full or blocked: the offer lives as long as the page
  }
}

/** The offers still open at `now`, oldest first; expired ones are forgotten. */
export function openUndoOffers(sessionId: string, now: number, storage = tabStorage()) {
  if (!storage) return [];
  const offers = read(storage, sessionId);
  const open = offers.filter((o) => o.until > now);
  if (open.length !== offers.length) write(storage, sessionId, open);
  return open;
}

export function rememberUndo(sessionId: string, offer: UndoOffer, storage = tabStorage()) {
  if (!storage) return;
  write(storage, sessionId, [
    ...read(storage, sessionId).filter((o) => o.noteId !== offer.noteId),
    offer,
  ]);
}

export function forgetUndo(sessionId: string, noteId: string, storage = tabStorage()) {
  if (!storage) return;
  write(
    storage,
    sessionId,
    read(storage, sessionId).filter((o) => o.noteId !== noteId),
  );
}
