import type { SyncStorage } from './journal';

/** Who began the note being typed, and when (host time): a rotation does not change its writer. */
export type DraftStart = { authorId: string; startedAt: number };

/** The note being typed in one session's capture bar, and who began it when (if anyone could). */
export type NoteDraft = { text: string; type: string; start?: DraftStart };

const KEY = (sessionId: string) => `ensemble.draft.${sessionId}`;

/** A start as kept: anything else (an older version's draft, an edited value) is no start. */
export function draftStartOf(value: unknown): DraftStart | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { authorId, startedAt } = value as Partial<DraftStart>;
  return typeof authorId === 'string' &&
    authorId !== '' &&
    typeof startedAt === 'number' &&
    Number.isSafeInteger(startedAt) &&
    startedAt > 0
    ? { authorId, startedAt }
    : undefined;
}

/**
 * Drafts are written synchronously on every change, so a reload at any keystroke finds every
 * character (IndexedDB, committing later, lost the last ones); one per session on this device.
 * The draft's start goes with it: a reload mid-sentence across a rotation keeps the grace of
 * the writer who began it (see writeRight in shared/domain/noteRules.ts).
 */
export function createDrafts(storage: SyncStorage | null) {
  return {
    read(sessionId: string): NoteDraft | null {
      try {
        const value: unknown = JSON.parse(storage?.getItem(KEY(sessionId)) ?? 'null');
        if (typeof value !== 'object' || value === null) return null;
        const { text, type, start } = value as Partial<NoteDraft>;
        if (typeof text !== 'string' || typeof type !== 'string' || text === '') return null;
        const kept = draftStartOf(start);
        return kept ? { text, type, start: kept } : { text, type };
      } catch {
        return null;
      }
    },
    /** False when it could not be written here (no storage, or full). An empty text clears it. */
    write(sessionId: string, draft: NoteDraft): boolean {
      if (!storage) return false;
      try {
        if (draft.text === '') storage.removeItem(KEY(sessionId));
        else storage.setItem(KEY(sessionId), JSON.stringify(draft));
        return true;
      } catch {
        return false;
      }
    },
  };
}
export type Drafts = ReturnType<typeof createDrafts>;
