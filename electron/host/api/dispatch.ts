import { api, isMethodName, type MethodName } from '../../../shared/api/contract';
import type { Assert, SameKeys } from '../../../shared/api/common';
import { ApiError, fromZodError, type ApiEnvelope } from '../../../shared/api/errors';
import { appHandlers } from '../app/handlers';
import { debriefHandlers } from '../debrief/handlers';
import { decisionHandlers } from '../decision/handlers';
import { devHandlers } from '../dev/handlers';
import { exportHandlers } from '../exports/handlers';
import { feedHandlers } from '../feeds/query/handlers';
import { sourceHandlers } from '../feeds/sources/handlers';
import { goalHandlers } from '../goals/handlers';
import { authorize } from '../links/authorize';
import { linkHandlers } from '../links/handlers';
import { noteHandlers } from '../notes/handlers';
import { runHandlers } from '../run/handlers';
import { screenshotHandlers } from '../screenshots/handlers';
import { participantHandlers } from '../participants/handlers';
import { preflightHandlers } from '../preflight/handlers';
import { roleHandlers } from '../roles/handlers';
import { demoHandlers } from '../sessions/demo';
import { sessionHandlers } from '../sessions/handlers';
import type { Caller, HandlerMap, HostContext } from '../context';
import { STORAGE_MESSAGES, storageFailureOf } from '../db/storageErrors';
import { resolveAlias } from './aliases';

export const handlers = {
  ...appHandlers,
  ...sessionHandlers,
  ...demoHandlers,
  ...roleHandlers,
  ...participantHandlers,
  ...goalHandlers,
  ...preflightHandlers,
  ...runHandlers,
  ...noteHandlers,
  ...screenshotHandlers,
  ...feedHandlers,
  ...sourceHandlers,
  ...debriefHandlers,
  ...decisionHandlers,
  ...exportHandlers,
  ...linkHandlers,
  ...devHandlers,
} satisfies HandlerMap;
/** As for the API map: no handler missing, and none extra through a spread. */
type _HandlersHaveExactlyTheMethodNames = Assert<
  SameKeys<typeof handlers, Record<MethodName, unknown>>
>;

export type DispatchOptions = {
  /** Check every result against the contract too (tests): a drifting handler fails loudly. */
  validateResults?: boolean;
  log?: (message: string, error: unknown) => void;
};

/**
 * The single entry point for every transport. The transport has already found the caller (the
 * host's own app, or a personal link's holder); here the method and its arguments are validated
 * and the caller's capabilities checked before any handler runs, and every failure
 * comes back as an error envelope — nothing throws through to the transport.
 */
export async function dispatch(
  host: HostContext,
  requested: string,
  rawArgs: unknown,
  caller: Caller,
  options: DispatchOptions = {},
): Promise<ApiEnvelope<unknown>> {
  const method = resolveAlias(requested);
  try {
    if (!isMethodName(method)) throw new ApiError('unknown_method', `Unknown method "${method}"`);
    const spec = api[method];
    const parsed = spec.args.safeParse(rawArgs ?? {});
    if (!parsed.success) throw fromZodError(parsed.error);
    // What the caller may do, declared in the contract (shared/api/access.ts), before anything runs.
    authorize(host, method, parsed.data, caller);
    const handler = handlers[method] as (a: unknown, h: HostContext, c: Caller) => unknown;
    const result = await handler(parsed.data, host, caller);
    if (options.validateResults) {
      const checked = spec.result.safeParse(result);
      if (!checked.success) {
        throw new Error(`Result of ${method} breaks the contract: ${checked.error.message}`);
      }
    }
    return { ok: true, result };
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, error: error.toBody() };
    // A full or unwritable disk is a state the user can act on, not an internal error.
    const failure = storageFailureOf(error);
    if (failure) {
      (options.log ?? console.error)(`[ensemble] ${method}: storage ${failure}`, error);
      const code = failure === 'full' ? 'storage_full' : 'storage_unavailable';
      return { ok: false, error: { code, message: STORAGE_MESSAGES[failure] } };
    }
    (options.log ?? console.error)(`[ensemble] ${method} failed`, error);
    return { ok: false, error: { code: 'internal', message: `Internal error in ${method}` } };
  }
}
