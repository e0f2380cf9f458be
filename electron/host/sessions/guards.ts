import { ApiError } from '../../../shared/api/errors';
import type { Session } from '../../../shared/domain/session';
import type { Repos } from '../repos';

export function requireSession(repos: Repos, id: string): Session {
  const session = repos.sessions.get(id);
  if (!session) throw new ApiError('not_found', `Session ${id} not found`);
  return session;
}

/** Prepare-phase data can only change while the session is an unarchived draft. */
export function requireEditable(repos: Repos, id: string): Session {
  const session = requireSession(repos, id);
  if (session.archivedAt) {
    throw new ApiError('conflict', `"${session.title}" is archived; unarchive it to edit it`);
  }
  if (session.status !== 'draft') {
    throw new ApiError(
      'conflict',
      `"${session.title}" is ${session.status}; only a draft session can be edited`,
    );
  }
  return session;
}

/** The ids must be exactly the session's current items, each once. */
export function requirePermutation(
  kind: string,
  current: readonly string[],
  ordered: readonly string[],
) {
  const set = new Set(ordered);
  if (set.size !== ordered.length) {
    throw new ApiError('invalid_argument', `orderedIds: the same ${kind} appears twice`, [
      { path: 'orderedIds', message: `The same ${kind} appears twice` },
    ]);
  }
  if (ordered.length !== current.length || current.some((id) => !set.has(id))) {
    throw new ApiError(
      'invalid_argument',
      `orderedIds: must list each of the session's ${current.length} ${kind}s exactly once`,
      [{ path: 'orderedIds', message: `Must list each of the session's ${kind}s exactly once` }],
    );
  }
}

/** Prepare data, or a live session that may still gain people and goals. */
export function requireEditableOrLive(
  repos: Repos,
  id: string,
): { session: Session; live: boolean } {
  const session = requireSession(repos, id);
  if (!session.archivedAt && (session.status === 'running' || session.status === 'paused'))
    return { session, live: true };
  return { session: requireEditable(repos, id), live: false };
}
