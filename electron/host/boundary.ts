import type { HostEvent } from '../../shared/api/events';

/** The same kind of failure reaches the screen at most once a minute; the log gets every one. */
const SHOWN_EVERY_MS = 60_000;
const MAX_MESSAGE = 300;

export type ReportError = (what: string, error: unknown) => void;

/**
 * Error boundaries for what the host does on its own — timers, intervals, callbacks of sources
 * and child processes: an unexpected error is logged, told to every window as a `host.error`
 * event ("Auto-rotation failed: …"), and the host carries on. Nothing thrown there can stop the
 * process or leave a request unanswered.
 */
export function createBoundary(options: {
  log: (message: string, error: unknown) => void;
  emit: (event: HostEvent) => void;
}) {
  const lastShown = new Map<string, number>();

  const report: ReportError = (what, error) => {
    try {
      options.log(`[ensemble] ${what} failed; carrying on`, error);
      const now = Date.now();
      const last = lastShown.get(what);
      if (last !== undefined && now - last < SHOWN_EVERY_MS) return;
      lastShown.set(what, now);
      const reason = error instanceof Error ? error.message : String(error);
      const message = `${what} failed: ${reason}. Ensemble carried on; the host log has details.`;
      options.emit({ event: 'host.error', payload: { message: clip(message) } });
    } catch {
      // reporting must never be what fails
    }
  };

  /** Runs `fn` now; a throw or a rejection is reported, never raised. */
  function run(what: string, fn: () => unknown): void {
    try {
      const result = fn();
      if (result instanceof Promise) result.catch((error: unknown) => report(what, error));
    } catch (error) {
      report(what, error);
    }
  }

  return {
    report,
    run,
    /** `fn` made safe to hand to setTimeout, setInterval or an event emitter. */
    guard:
      <A extends unknown[]>(what: string, fn: (...args: A) => unknown) =>
      (...args: A): void =>
        run(what, () => fn(...args)),
  };
}
export type Boundary = ReturnType<typeof createBoundary>;

const clip = (text: string) =>
  text.length <= MAX_MESSAGE ? text : `${text.slice(0, MAX_MESSAGE - 1)}…`;

/**
 * Web mode keeps serving after an error nothing caught: it is logged (and shown in the open
 * windows) instead of ending the process, which would take every participant's page down.
 */
export function keepServingOnUncaughtErrors(report: ReportError): () => void {
  const onError = (error: unknown) => report('The host', error);
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
  // A host restarted in this process (a restore) installs its own: this one is taken off.
  return () => {
    process.off('uncaughtException', onError);
    process.off('unhandledRejection', onError);
  };
}
