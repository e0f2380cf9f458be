import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store';
import { noteAuthor } from '../../store/runSlice';
import { selectParticipants } from '../../store/openSessionSlice';

/**
 * Shown while the writer of the note being typed finishes it after their turn ended, so that
 * the next note-taker knows the box is theirs once that note is saved.
 */
export function GraceNotice() {
  const { authorId, finishingFor } = useAppStore(useShallow((s) => noteAuthor(s)));
  const participants = useAppStore(selectParticipants);
  const nameOf = (id: string | null | undefined) =>
    participants.find((p) => p.id === id)?.name ?? null;
  if (finishingFor === undefined || !authorId) return null;
  const writer = nameOf(authorId) ?? 'The last note-taker';
  const next = nameOf(finishingFor);
  return (
    <p className="grace-notice" role="status">
      {writer} is finishing a note{next ? ` — ${next} takes notes once it is saved` : ''}
    </p>
  );
}
