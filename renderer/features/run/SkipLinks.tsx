import { useState } from 'react';
import { createPortal } from 'react-dom';
import { focusField, LOG_SEARCH, NOTE_FIELD } from './useRunShortcuts';

/**
 * The first two Tab stops of the page while the Run view is open: straight to the note and to
 * the log search (the hash router owns the URL fragment, so these focus instead of navigating).
 */
export function SkipLinks() {
  // The app shell's skip-link bar is in the page before any session view mounts (the view waits
  // for its session to load).
  const [host] = useState(() => document.getElementById('skip-links'));
  const link = (label: string, selector: string) => (
    <a
      href="#"
      className="skip-link"
      onClick={(e) => {
        e.preventDefault();
        focusField(selector);
      }}
    >
      {label}
    </a>
  );
  if (!host) return null;
  return createPortal(
    <>
      {link('Skip to the note', NOTE_FIELD)}
      {link('Skip to the log search', LOG_SEARCH)}
    </>,
    host,
  );
}
