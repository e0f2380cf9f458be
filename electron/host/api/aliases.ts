import type { MethodName } from '../../../shared/api/contract';

/**
 * Old method names the host still answers, and nothing else. `notes.apply` was `run.apply`: a
 * browser page loaded before an upgrade keeps replaying its IndexedDB outbox under the old name,
 * and an `unknown_method` answer would mark the batch rejected and strand its notes. Ops carry
 * their ids, so a replay under either name is stored once. Not in METHOD_NAMES: the preload and
 * the renderer client cannot call it; only the dispatcher resolves it.
 */
const METHOD_ALIASES: ReadonlyMap<string, MethodName> = new Map([['run.apply', 'notes.apply']]);

/** The current name of a method the host is called with. */
export const resolveAlias = (method: string): string => METHOD_ALIASES.get(method) ?? method;
