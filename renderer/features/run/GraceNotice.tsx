import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store';
import { graceNotices, ownFinishing } from '../../store/presenceSlice';

/**
 * Shown while someone finishes a note after their turn ended, on every page of the session, so
 * that the next note-taker knows the notes are theirs once that note is saved.
 */
export function GraceNotice() {
  const lines = useAppStore(useShallow(graceNotices));
  useFinishingSignal();
  if (lines.length === 0) return null;
  return (
    <div className="grace-notice" role="status">
      {lines.map((line) => (
        <p key={line}>{line}</p>
      ))}
    </div>
  );
}

/** Tells the host while this page's writer finishes a note after their turn, and when they stop. */
function useFinishingSignal() {
  const signal = useAppStore(useShallow(ownFinishing));
  const signalFinishing = useAppStore((s) => s.signalFinishing);
  useEffect(() => signalFinishing(signal), [signal, signalFinishing]);
  useEffect(() => () => signalFinishing(null), [signalFinishing]);
}
