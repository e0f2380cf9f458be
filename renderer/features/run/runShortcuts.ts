/** The Run view's single-key shortcuts, as Mobster and mobti.me users expect them. */
export type RunAction = 'rotate' | 'pause' | 'break' | 'present' | 'goals' | 'search' | 'help';

export const RUN_SHORTCUTS: { key: string; action: RunAction; label: string }[] = [
  { key: 'R', action: 'rotate', label: 'Rotate now' },
  { key: 'P', action: 'pause', label: 'Pause or resume the session' },
  { key: 'B', action: 'break', label: 'Take a break' },
  { key: 'F', action: 'present', label: 'Present the roles full screen, and back' },
  { key: 'G', action: 'goals', label: 'Show or hide the goals and rotation panel' },
  { key: '/', action: 'search', label: 'Search the logs' },
  { key: '?', action: 'help', label: 'These shortcuts' },
];

/** Shortcuts that already existed in the capture bar, listed in the help for completeness. */
export const CAPTURE_SHORTCUTS: { keys: string; label: string }[] = [
  { keys: 'Ctrl/⌘ K', label: 'Write a note' },
  { keys: 'Enter', label: 'Save the note (Shift+Enter for a new line)' },
  { keys: 'Ctrl/⌘ 1–6', label: 'Choose the note type' },
  { keys: 'Ctrl/⌘ Shift S', label: 'Take a screenshot' },
  { keys: 'Esc', label: 'Close a dialog' },
];

type KeyLike = {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  repeat: boolean;
  defaultPrevented: boolean;
  target: EventTarget | null;
};

/** Where typing happens a letter is text, never a command. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  const el = target as HTMLElement;
  if (el.isContentEditable) return true;
  return (
    el.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]') !== null
  );
}

/** The action a key press asks for, or null: never while typing, with a modifier, or held down. */
export function runActionFor(e: KeyLike): RunAction | null {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.repeat) return null;
  if (isTypingTarget(e.target)) return null;
  const key = e.key.length === 1 ? e.key.toUpperCase() : e.key;
  return RUN_SHORTCUTS.find((s) => s.key === key)?.action ?? null;
}
