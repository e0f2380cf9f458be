import { useEffect, useRef, useState } from 'react';
import { useAppStore } from '../store';
import { selectToasts, type Toast } from '../store/uiSlice';

/**
 * Toasts sit in the bottom-left corner, narrow, and the page keeps room for them at its end
 * (`--toast-space`), so scrolling always brings what they cover into the clear. Info toasts go
 * after a few seconds; the timer pauses while the pointer or the keyboard is on one. Errors stay
 * until dismissed.
 */
export function Toasts() {
  const toasts = useAppStore(selectToasts);
  const region = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = region.current;
    const root = document.documentElement;
    if (!el) return;
    const observer = new ResizeObserver(() =>
      root.style.setProperty(
        '--toast-space',
        `${el.offsetHeight > 0 ? el.offsetHeight + 16 : 0}px`,
      ),
    );
    observer.observe(el);
    return () => {
      observer.disconnect();
      root.style.removeProperty('--toast-space');
    };
  }, []);
  return (
    <div
      ref={region}
      className="toasts"
      role="region"
      aria-label="Notifications"
      aria-live="polite"
    >
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} />
      ))}
    </div>
  );
}

function ToastItem({ toast }: { toast: Toast }) {
  const dismiss = useAppStore((s) => s.dismissToast);
  const [held, setHeld] = useState({ pointer: false, focus: false });
  const left = useRef(toast.timeoutMs);
  useEffect(() => {
    if (left.current === null || held.pointer || held.focus) return;
    const started = Date.now();
    const timer = setTimeout(() => dismiss(toast.id), left.current);
    return () => {
      clearTimeout(timer);
      if (left.current !== null)
        left.current = Math.max(1000, left.current - (Date.now() - started));
    };
  }, [held, dismiss, toast.id]);
  return (
    <div
      className={`toast toast-${toast.kind}`}
      role={toast.kind === 'error' ? 'alert' : 'status'}
      onPointerEnter={() => setHeld((h) => ({ ...h, pointer: true }))}
      onPointerLeave={() => setHeld((h) => ({ ...h, pointer: false }))}
      onFocus={() => setHeld((h) => ({ ...h, focus: true }))}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget)) setHeld((h) => ({ ...h, focus: false }));
      }}
    >
      <span>{toast.text}</span>
      {toast.action && (
        <button
          type="button"
          className="toast-action"
          onClick={() => {
            toast.action!.run();
            dismiss(toast.id);
          }}
        >
          {toast.action.label}
        </button>
      )}
      <button
        type="button"
        className="ghost"
        aria-label="Dismiss"
        onClick={() => dismiss(toast.id)}
      >
        ×
      </button>
    </div>
  );
}
