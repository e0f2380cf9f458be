import type { ActionResult } from './types';

/** The message to show under one field after an action, or undefined when it succeeded. */
export const fieldError = (result: ActionResult, key: string): string | undefined =>
  result.ok ? undefined : (result.fields[key] ?? result.message);
