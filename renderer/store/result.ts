import { ApiError } from '../../shared/api/errors';
import type { ActionResult } from './types';

/** Turn a failure into field messages keyed by the last path segment ("patch.title" → "title"). */
export function toFailure(error: unknown): Extract<ActionResult, { ok: false }> {
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
