import type { SyncStorage } from './journal';

/** The note being typed in one session's capture bar. */
export type NoteDraft = { text: string; type: string };

const KEY = (sessionId: string) => `ensemble.draft.${sessionId}`;

/**
 * Drafts are written synchronously on every change, so a reload at any keystroke finds every
 * character (IndexedDB, committing later, lost the last ones); one per session on this device.
 */
export function createDrafts(storage: SyncStorage | null) {
  return {
    read(sessionId: string): NoteDraft | null {
      try {
        const value: unknown = JSON.parse(storage?.getItem(KEY(sessionId)) ?? 'null');
        if (typeof value !== 'object' || value === null) return null;
        const { text, type } = value as Partial<NoteDraft>;
        return typeof text === 'string' && typeof type === 'string' && text !== ''
          ? { text, type }
          : null;
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
