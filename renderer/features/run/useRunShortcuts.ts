import { useEffect, useRef } from 'react';
import { runActionFor, type RunAction } from './runShortcuts';

/**
 * Single-key shortcuts for the Run view. They never fire while typing, and not while a modal
 * dialog is open (its own keys, Esc above all, belong to it).
 */
export function useRunShortcuts(handle: (action: RunAction) => void) {
  const latest = useRef(handle);
  useEffect(() => {
    latest.current = handle;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (document.querySelector('dialog[open]')) return;
      const action = runActionFor(e);
      if (!action) return;
      e.preventDefault();
      latest.current(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** Focus a field of the Run view by its selector; true when there was one to focus. */
export function focusField(selector: string): boolean {
  const el = document.querySelector<HTMLElement>(selector);
  if (!el) return false;
  el.focus();
  el.scrollIntoView({ block: 'nearest' });
  return true;
}
export const NOTE_FIELD = '.capture textarea[aria-label="Note"]';
export const LOG_SEARCH = '.feed-pane input[type="search"]';
