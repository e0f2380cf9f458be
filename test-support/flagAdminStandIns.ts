/**
 * Stand-ins for the admin APIs the Unleash and PostHog rollout payloads are sent to, with the
 * read side their SDKs use, so a test can send a payload and evaluate the result with the
 * official client. Bodies are checked the way the real servers check them (Unleash: its OpenAPI
 * request schemas, JSON Patch through fast-json-patch as Unleash applies it; PostHog: the
 * feature-flag serializer's filter rules), with their status codes and error bodies.
 */
import Ajv from 'ajv';
import { applyPatch, type Operation } from 'fast-json-patch';
import type { posthogFlag } from './flagStandIns';
import { type Answer, type Seen, serve, unleashFeature } from './flagStandIns';

const ajv = new Ajv({ allErrors: true, strict: false });

const constraint = {
  type: 'object',
  additionalProperties: false,
  required: ['contextName', 'operator'],
  properties: {
    contextName: { type: 'string' },
    operator: {
      enum: [
        'NOT_IN',
        'IN',
        'STR_ENDS_WITH',
        'STR_STARTS_WITH',
        'STR_CONTAINS',
        'NUM_EQ',
        'NUM_GT',
        'NUM_GTE',
        'NUM_LT',
        'NUM_LTE',
        'DATE_AFTER',
        'DATE_BEFORE',
        'SEMVER_EQ',
        'SEMVER_GT',
        'SEMVER_LT',
        'REGEX',
      ],
    },
    caseInsensitive: { type: 'boolean' },
    inverted: { type: 'boolean' },
    values: { type: 'array', items: { type: 'string' } },
    value: { type: 'string', minLength: 1 },
  },
};
const strategyFields = {
  name: { type: 'string' },
  title: { type: ['string', 'null'] },
  disabled: { type: ['boolean', 'null'] },
  sortOrder: { type: 'number' },
  constraints: { type: 'array', items: constraint },
  variants: { type: 'array' },
  parameters: { type: 'object', additionalProperties: { type: 'string' } },
  segments: { type: 'array', items: { type: 'number' } },
};
/** Unleash's createFeatureStrategySchema, featureStrategySchema and patchesSchema. */
const createStrategy = ajv.compile({
  type: 'object',
  required: ['name'],
  properties: strategyFields,
});
const savedStrategy = ajv.compile({
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { ...strategyFields, id: { type: 'string' }, featureName: { type: 'string' } },
});
const patches = ajv.compile({
  type: 'array',
  items: {
    type: 'object',
    required: ['path', 'op'],
    properties: {
      path: { type: 'string' },
      op: { enum: ['add', 'remove', 'replace', 'copy', 'move', 'test'] },
      from: { type: 'string' },
    },
  },
});

export type UnleashStrategy = {
  id: string;
  name: string;
  title?: string | null;
  disabled?: boolean | null;
  sortOrder?: number;
  constraints: unknown[];
  parameters: Record<string, string>;
  variants?: unknown[];
  segments?: number[];
};

const unleashError = (status: number, name: string, message: string, details?: unknown[]) => ({
  status,
  body: { id: crypto.randomUUID(), name, message, ...(details ? { details } : {}) },
});
const invalid = (errors: unknown) =>
  unleashError(
    400,
    'ValidationError',
    'Request validation failed: your request body or params contain invalid data. Refer to the `details` list for more information.',
    [{ description: JSON.stringify(errors) }],
  );

function jsonBody(seen: Seen): { ok: true; value: unknown } | { ok: false; answer: Answer } {
  if (!/^application\/json\b/.test(seen.headers['content-type'] ?? ''))
    return {
      ok: false,
      answer: unleashError(
        415,
        'ContentTypeError',
        `We do not accept the content-type you provided (${seen.headers['content-type'] ?? 'nothing'}). Try using one of the content-types we do accept instead (application/json) and make sure the body is in the corresponding format.`,
      ),
    };
  try {
    return { ok: true, value: JSON.parse(seen.body) };
  } catch {
    return { ok: false, answer: unleashError(400, 'BadDataError', 'Malformed JSON body') };
  }
}

/**
 * Unleash's Admin API for one feature in one environment of one project (admin token in
 * `Authorization`), and the client API its SDKs read (client token): `GET …/strategies`, `POST
 * …/strategies`, `GET|PUT|PATCH|DELETE …/strategies/{id}`, `POST …/on|off`. With change requests
 * on, every change is refused 403 as Unleash refuses it without SKIP_CHANGE_REQUEST.
 */
export async function startUnleashAdminStandIn(options: {
  adminToken: string;
  clientToken: string;
  project: string;
  feature: string;
  environment: string;
  enabled: boolean;
  strategies: UnleashStrategy[];
  changeRequests?: boolean;
}) {
  const state = { enabled: options.enabled, strategies: structuredClone(options.strategies) };
  let next = 1;
  const base = `/api/admin/projects/${options.project}/features/${encodeURIComponent(options.feature)}/environments/${options.environment}`;
  const server = await serve((seen): Answer => {
    const { method, path, headers } = seen;
    if (path === '/api/client/register' || path === '/api/client/metrics') return { status: 202 };
    if (path === '/api/client/features' && method === 'GET') {
      if (headers.authorization !== options.clientToken)
        return unleashError(401, 'AuthenticationRequired', 'You must log in to use Unleash.');
      const live = state.strategies.filter((s) => !s.disabled);
      return {
        status: 200,
        body: {
          version: 2,
          features: [unleashFeature(options.feature, live, state.enabled)],
          segments: [],
          query: { environment: options.environment, inlineSegmentConstraints: false },
        },
      };
    }
    if (!path.startsWith('/api/admin/'))
      return unleashError(404, 'NotFoundError', 'Could not find the resource.');
    if (headers.authorization !== options.adminToken)
      return unleashError(401, 'AuthenticationRequired', 'You must log in to use Unleash.');
    if (!path.startsWith(base)) return unleashError(404, 'NotFoundError', `Could not find ${path}`);
    const rest = path.slice(base.length);
    if (method !== 'GET' && options.changeRequests)
      return unleashError(
        403,
        'PermissionError',
        'You don\'t have the required permissions to perform this operation. To perform this action, you need the "SKIP_CHANGE_REQUEST" permission',
      );
    if (method === 'POST' && (rest === '/on' || rest === '/off')) {
      state.enabled = rest === '/on';
      return { status: 200, body: {} };
    }
    if (rest === '/strategies' && method === 'GET') return { status: 200, body: state.strategies };
    if (rest === '/strategies' && method === 'POST') {
      const body = jsonBody(seen);
      if (!body.ok) return body.answer;
      if (!createStrategy(body.value)) return invalid(createStrategy.errors);
      const created = { ...(body.value as UnleashStrategy), id: `stand-in-${next++}` };
      created.constraints ??= [];
      created.parameters ??= {};
      state.strategies.push(created);
      return { status: 200, body: created };
    }
    const match = /^\/strategies\/([^/]+)$/.exec(rest);
    const index = match ? state.strategies.findIndex((s) => s.id === match[1]) : -1;
    if (!match || index < 0) return unleashError(404, 'NotFoundError', `No strategy at ${path}`);
    const current = state.strategies[index]!;
    if (method === 'GET') return { status: 200, body: current };
    if (method === 'DELETE') {
      state.strategies.splice(index, 1);
      return { status: 200 };
    }
    const body = jsonBody(seen);
    if (!body.ok) return body.answer;
    let updated: UnleashStrategy;
    if (method === 'PATCH') {
      if (!patches(body.value)) return invalid(patches.errors);
      try {
        updated = applyPatch(structuredClone(current), body.value as Operation[]).newDocument;
      } catch (error) {
        // Unleash maps the JsonPatchError (a failed `test` too) to its UnknownError.
        return unleashError(500, 'UnknownError', `Unexpected error: ${(error as Error).name}`);
      }
      if (!savedStrategy(updated)) return invalid(savedStrategy.errors);
    } else if (method === 'PUT') {
      if (!createStrategy({ name: current.name, ...(body.value as object) }))
        return invalid(createStrategy.errors);
      updated = { ...current, ...(body.value as object) };
    } else return unleashError(404, 'NotFoundError', `No ${method} ${path}`);
    state.strategies[index] = { ...updated, id: current.id };
    return { status: 200, body: state.strategies[index] };
  });
  return { ...server, state };
}

const posthogError = (
  status: number,
  type: string,
  code: string,
  detail: string,
  attr?: string,
) => ({
  status,
  body: { type, code, detail, attr: attr ?? null },
});
const invalidFilters = (detail: string) =>
  posthogError(400, 'validation_error', 'invalid_input', detail, 'filters');

type Condition = { properties?: unknown; rollout_percentage?: unknown; variant?: unknown };
type Property = { type?: unknown; group_type_index?: unknown; key?: unknown; value?: unknown };

/** The feature-flag serializer's checks on `filters`, as PostHog runs them on a PATCH. */
function checkFilters(filters: unknown, groupTypes: Record<string, string>): string | null {
  if (typeof filters !== 'object' || filters === null || Array.isArray(filters))
    return 'Expected a dictionary of items but got type "list".';
  const f = filters as { groups?: unknown; aggregation_group_type_index?: unknown };
  if (!Array.isArray(f.groups)) return 'Filters must have a list of groups.';
  const index = f.aggregation_group_type_index ?? null;
  if (index !== null && (typeof index !== 'number' || !(String(index) in groupTypes)))
    return `Invalid group type index ${JSON.stringify(index)}.`;
  for (const condition of f.groups as Condition[]) {
    const rollout = condition.rollout_percentage;
    if (
      rollout !== null &&
      rollout !== undefined &&
      (typeof rollout !== 'number' || rollout < 0 || rollout > 100)
    )
      return 'Rollout percentage must be a number from 0 to 100.';
    if (condition.variant) return 'Filters are not valid (variant override does not exist)';
    for (const p of (condition.properties ?? []) as Property[]) {
      if (typeof p.key !== 'string') return 'Each property needs a key.';
      if (index === null && !['person', 'cohort', 'flag'].includes(String(p.type)))
        return 'Filters are not valid (can only use person, cohort, and flag properties)';
      if (index !== null && (p.type !== 'group' || p.group_type_index !== index))
        return 'Filters are not valid (can only use group properties)';
    }
  }
  return null;
}

/**
 * PostHog's feature-flag API for one flag (`GET|PATCH /api/projects/{project_id}/feature_flags/
 * {id}/`, personal API key as bearer) and the local-evaluation definitions posthog-node reads
 * (`GET /flags/definitions?token=<project API key>`), which serve the flag as PATCHed.
 */
export async function startPosthogAdminStandIn(options: {
  personalApiKey: string;
  projectApiKey: string;
  projectId: number;
  flag: ReturnType<typeof posthogFlag>;
  groupTypes?: Record<string, string>;
}) {
  const groupTypes = options.groupTypes ?? {};
  const state = { flag: structuredClone(options.flag) };
  const flagPath = `/api/projects/${options.projectId}/feature_flags/${options.flag.id}/`;
  const server = await serve(({ method, path, query, headers, body }): Answer => {
    if (headers.authorization !== `Bearer ${options.personalApiKey}`)
      return posthogError(
        401,
        'authentication_error',
        'authentication_failed',
        'Personal API key found in request Authorization header is invalid.',
      );
    if (method === 'GET' && path === '/flags/definitions') {
      if (query.get('token') !== options.projectApiKey)
        return posthogError(403, 'authentication_error', 'permission_denied', 'Invalid token.');
      return {
        status: 200,
        body: { flags: [state.flag], group_type_mapping: groupTypes, cohorts: {} },
      };
    }
    if (path !== flagPath) return posthogError(404, 'invalid_request', 'not_found', 'Not found.');
    if (method === 'GET') return { status: 200, body: state.flag };
    if (method !== 'PATCH')
      return posthogError(
        405,
        'invalid_request',
        'method_not_allowed',
        `Method "${method}" not allowed.`,
      );
    if (!/^application\/json\b/.test(headers['content-type'] ?? ''))
      return posthogError(
        415,
        'invalid_request',
        'unsupported_media_type',
        `Unsupported media type "${headers['content-type'] ?? ''}" in request.`,
      );
    let patch: { active?: unknown; filters?: unknown };
    try {
      patch = JSON.parse(body) as typeof patch;
    } catch {
      return posthogError(400, 'invalid_request', 'parse_error', 'JSON parse error');
    }
    if (patch.active !== undefined && typeof patch.active !== 'boolean')
      return posthogError(400, 'validation_error', 'invalid', 'Must be a valid boolean.', 'active');
    if (patch.filters !== undefined) {
      const problem = checkFilters(patch.filters, groupTypes);
      if (problem) return invalidFilters(problem);
      const f = patch.filters as { groups: unknown[]; aggregation_group_type_index?: number };
      state.flag.filters = {
        groups: f.groups as never,
        multivariate: null,
        payloads: {},
        aggregation_group_type_index: f.aggregation_group_type_index ?? null,
      };
    }
    if (typeof patch.active === 'boolean') state.flag.active = patch.active;
    return { status: 200, body: state.flag };
  });
  return { ...server, state };
}
