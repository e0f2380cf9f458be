/**
 * A worker started by `start`, or null where it cannot be: no Worker here (`start` says so with
 * null), or the browser refused it (a content security policy, a missing script). Callers then
 * do the work on the page's thread.
 */
export function startWorker<P>(start: () => P | null): P | null {
  try {
    return start();
  } catch {
    return null;
  }
}
