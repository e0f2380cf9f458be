/**
 * A refresh that runs once at a time, and once more if it is asked for while it runs. Answers
 * of overlapping calls can come back out of order, and an older one must never overwrite a
 * newer one; every caller's promise settles after a run that started after it asked.
 */
export function coalesce(run: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await run();
      } while (again);
    })().finally(() => (running = null));
    return running;
  };
}
