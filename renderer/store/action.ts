import { ApiError } from '../../shared/api/errors';
import type { ActionResult, AppState } from './types';

export type Failure = Extract<ActionResult, { ok: false }>;
/** What an action's call came to: its answer, or the failure as a form shows it. */
export type Done<T> = { ok: true; value: T } | Failure;

/**
 * How a failure reaches the user: 'toast' always shows one; 'form' keeps field messages with
 * their fields and shows a toast only when no field has one; 'quiet' leaves it to the caller.
 */
export type Report = 'toast' | 'form' | 'quiet';

export type ActOptions<T> = {
  /** 'toast' unless said otherwise. */
  report?: Report;
  /** Takes the answer into the store; for a session's call, only while that session is open. */
  apply?: (value: T) => void;
  /**
   * Puts back what was shown ahead of the answer, or handles an expected failure itself (then
   * returns true, and nothing is reported); for a session's call, only while it is open.
   */
  failed?: (error: unknown) => boolean | void;
};

export const NO_SESSION: Failure = { ok: false, message: 'No session open', fields: {} };
/** The answer came for a session the user has left since: nobody is waiting for it any more. */
export const SWITCHED: Failure = {
  ok: false,
  message: 'Another session was opened meanwhile',
  fields: {},
};

/** Turn a failure into field messages keyed by the last path segment ("patch.title" → "title"). */
export function toFailure(error: unknown): Failure {
  if (error instanceof ApiError) {
    const fields: Record<string, string> = {};
    for (const issue of error.issues ?? []) {
      const key = issue.path
        .split('.')
        .filter((p) => p !== 'patch')
        .join('.');
      fields[key] ??= issue.message;
    }
    return { ok: false, message: error.message, fields };
  }
  return { ok: false, message: error instanceof Error ? error.message : String(error), fields: {} };
}

/** The result a form waits on, without the answer itself. */
export const settled = <T>(done: Done<T>): ActionResult => (done.ok ? { ok: true } : done);

/** The one wrapper every slice's actions go through: call, report a failure, drop stale answers. */
export function createActions(get: () => Pick<AppState, 'openSessionId' | 'toast'>) {
  async function attempt<T>(
    call: () => Promise<T>,
    options: ActOptions<T>,
    current: () => boolean,
  ): Promise<Done<T>> {
    let value: T;
    try {
      value = await call();
    } catch (error) {
      if (!current()) return SWITCHED;
      if (options.failed?.(error) === true) return toFailure(error);
      const failure = toFailure(error);
      const report = options.report ?? 'toast';
      if (report === 'toast' || (report === 'form' && Object.keys(failure.fields).length === 0))
        get().toast('error', failure.message);
      return failure;
    }
    if (!current()) return SWITCHED;
    options.apply?.(value);
    return { ok: true, value };
  }

  return {
    /** A call that belongs to no session in particular (the session list, a note's history). */
    act: <T>(call: () => Promise<T>, options: ActOptions<T> = {}) =>
      attempt(call, options, () => true),

    /**
     * A call about the open session: refused when none is open, and its answer (or failure) is
     * dropped when the user opened another session before it came.
     */
    actOnSession<T>(
      call: (sessionId: string) => Promise<T>,
      options: ActOptions<T> = {},
    ): Promise<Done<T>> {
      const id = get().openSessionId;
      if (!id) return Promise.resolve(NO_SESSION);
      return attempt(
        () => call(id),
        options,
        () => get().openSessionId === id,
      );
    },
  };
}
