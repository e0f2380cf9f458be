import { useEffect, useRef, useState, type ReactNode } from 'react';
import { retryDelay } from '../api/hostReady';

/**
 * Shows the app once the host answers. Until then (a page opened, or reloaded, while the host
 * was down, its shell served from this browser's cache) it says so and tries again with a
 * back-off, so the page comes back by itself when the host does: no reload needed.
 */
export function WaitingForHost({
  reachable,
  children,
}: {
  reachable: () => Promise<boolean>;
  children: ReactNode;
}) {
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState(false);
  const [retryAt, setRetryAt] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const attempt = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const tryNow = useRef<() => void>(() => {});

  useEffect(() => {
    let live = true;
    const check = async () => {
      clearTimeout(timer.current);
      setRetryAt(null);
      const ok = await reachable();
      if (!live) return;
      if (ok) return setReady(true);
      setFailed(true);
      const delay = retryDelay(attempt.current++);
      setRetryAt(Date.now() + delay);
      setNow(Date.now());
      timer.current = setTimeout(() => void check(), delay);
    };
    tryNow.current = () => void check();
    void check();
    return () => {
      live = false;
      clearTimeout(timer.current);
    };
  }, [reachable]);

  // The countdown, once a second while waiting.
  useEffect(() => {
    if (retryAt === null) return;
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, [retryAt]);

  if (ready) return <>{children}</>;
  // The first attempt is quiet: a host that answers at once shows no waiting screen.
  if (!failed) return null;
  const seconds = retryAt === null ? 0 : Math.max(1, Math.ceil((retryAt - now) / 1000));
  return (
    <main className="token-required" aria-labelledby="waiting-title">
      <h1 id="waiting-title">Waiting for the Ensemble host…</h1>
      <p role="status">
        {retryAt === null ? 'Trying to reach it now…' : `Retrying in ${seconds} s`}
      </p>
      <p>
        The host is not answering: it may be restarting, or stopped. This page loads by itself as
        soon as it is back; nothing kept on this device is lost meanwhile.
      </p>
      <button type="button" onClick={() => tryNow.current()}>
        Retry now
      </button>
    </main>
  );
}
