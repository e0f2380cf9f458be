import type { ActionResult } from './types';

/** The message to show under one field after an action, or undefined when it succeeded. */
export const fieldError = (result: ActionResult, key: string): string | undefined =>
  result.ok ? undefined : (result.fields[key] ?? result.message);

/** The message to show for a whole form: a refusal that names none of its fields. */
export const formError = (result: ActionResult): string | undefined =>
  !result.ok && Object.keys(result.fields).length === 0 ? result.message : undefined;
