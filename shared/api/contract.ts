import type { z } from 'zod';
import { appApi } from './app';
import type { Assert, MethodSpec, SameKeys } from './common';
import { debriefApi } from './debrief';
import { decisionApi } from './decision';
import { devApi } from './dev';
import { exportsApi } from './exports';
import { feedsApi } from './feeds';
import { goalsApi } from './goals';
import { linksApi } from './links';
import type { MethodName } from './methods';
import { notesApi } from './notes';
import { participantsApi } from './participants';
import { preflightApi } from './preflight';
import { rolesApi } from './roles';
import { runApi } from './run';
import { screenshotsApi } from './screenshots';
import { sessionsApi } from './sessions';
import { sourcesApi } from './sources';

/**
 * The API: method name → argument schema → result schema, one file per domain, each named like
 * the host folder of its handlers. Host handlers, the Electron preload, the web server's
 * POST /api/<method> and the renderer client are all typed from it.
 */
export const api = {
  ...appApi,
  ...sessionsApi,
  ...rolesApi,
  ...participantsApi,
  ...goalsApi,
  ...preflightApi,
  ...runApi,
  ...notesApi,
  ...screenshotsApi,
  ...feedsApi,
  ...sourcesApi,
  ...debriefApi,
  ...decisionApi,
  ...exportsApi,
  ...linksApi,
  ...devApi,
} as const satisfies Record<MethodName, MethodSpec>;

export type Api = typeof api;
/**
 * `satisfies` finds a missing method but not an extra one arriving through a spread; this breaks
 * the typecheck on either, so METHOD_NAMES (what the preload exposes) and the map never drift.
 */
type _ApiHasExactlyTheMethodNames = Assert<SameKeys<Api, Record<MethodName, unknown>>>;

export type { MethodName };
export { METHOD_NAMES, isMethodName } from './methods';
/** What a caller may pass (defaults still optional). */
export type ArgsOf<M extends MethodName> = z.input<Api[M]['args']>;
/** What a handler receives after validation (defaults filled in). */
export type ParsedArgsOf<M extends MethodName> = z.output<Api[M]['args']>;
export type ResultOf<M extends MethodName> = z.output<Api[M]['result']>;

// The result types callers name, from the domain file that defines them.
export type { DebriefState } from './debrief';
export type { ExportFormat } from './exports';
export type { ErrorGroup } from './feeds';
export type { SessionDetail } from './sessions';
