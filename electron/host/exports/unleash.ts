/**
 * Unleash Admin API requests for the decision (https://docs.getunleash.io/api): one
 * flexibleRollout "stage" strategy at the stage's percentage beside the strategy that keeps the
 * flag on for the tenant. The environment is never turned off: a roll back lowers the stage
 * strategy (to 0 % for the tenant-only stage), so the tenant keeps the flag, and a promote
 * raises the same strategy instead of adding a second one.
 *
 * The stage strategy is found by its title in the environment's strategy list, then changed
 * with a JSON Patch whose `test` operations make Unleash refuse it when the strategy is not at
 * the stage the decision started from (Unleash applies the patch with fast-json-patch, so a
 * failed test changes nothing).
 */
import type { ReportModel } from '../../../shared/domain/record';
import { type ExportFile, filename } from './common';
import { payloadHead, plannedMove } from './rollout';

export const UNLEASH_PLACEHOLDERS = {
  '{project}': 'The Unleash project id the flag lives in ("default" unless you made others).',
};

/** The title the stage strategy is created with and found by. */
export const STAGE_TITLE = 'Ensemble rollout stage';

export const CHANGE_REQUESTS_NOTE =
  'If change requests are on for this environment, Unleash refuses these requests with 403 (a user without the SKIP_CHANGE_REQUEST permission): send the same strategy change through the change-request API instead (POST /api/admin/projects/{project}/environments/{environment}/change-requests with action "updateStrategy" or "addStrategy"), then have it approved and applied.';

export type UnleashRequest = {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  body: object | null;
  /** Only after the lookup: send when the stage strategy was found, or when it was not. */
  when?: 'found' | 'missing';
  /** Only on the lookup: the strategy to find in the answer, whose id is {strategyId}. */
  find?: { name: 'flexibleRollout'; title: string };
  why: string;
};

type Constraint = {
  contextName: string;
  operator: 'IN';
  values: string[];
  caseInsensitive: false;
  inverted: false;
};

/**
 * The `rollout` parameter Unleash evaluates, or null when the percent is not a whole number:
 * every Unleash SDK buckets users 1–100 (`hash % 100 + 1 <= rollout`), and the SDKs built on
 * Yggdrasil (and Unleash Edge) read the parameter as a whole number, so "0.5" turns the
 * strategy off there and reaches no one in the Node SDK.
 */
export function unleashRollout(percent: number): string | null {
  return Number.isInteger(percent) && percent >= 0 && percent <= 100 ? String(percent) : null;
}

/** Unleash strategy parameters are strings; groupId keeps a user's bucket stable across stages. */
export function flexibleRollout(
  flagKey: string,
  rollout: string,
  title: string,
  constraints: Constraint[],
) {
  return {
    name: 'flexibleRollout',
    title,
    disabled: false,
    constraints,
    parameters: { rollout, stickiness: 'default', groupId: flagKey },
  };
}

export function unleashPayload(model: ReportModel) {
  const r = model.record;
  const move = plannedMove(r);
  const feature = encodeURIComponent(r.flag.key);
  const env = encodeURIComponent(r.scope.environment);
  const base = `/api/admin/projects/{project}/features/${feature}/environments/${env}`;
  const tenantStrategy = flexibleRollout(
    r.flag.key,
    '100',
    `Ensemble: ${r.scope.tenantValue} tenant`,
    [
      {
        contextName: r.scope.tenantKey,
        operator: 'IN',
        values: [r.scope.tenantValue],
        caseInsensitive: false,
        inverted: false,
      },
    ],
  );
  const requests: UnleashRequest[] = [];
  let refused: string | null = null;
  if (move.change) {
    const to = unleashRollout(move.to.percent);
    const from = unleashRollout(move.from.percent);
    if (to === null || from === null) {
      const odd = to === null ? move.to.percent : move.from.percent;
      refused = `Unleash rolls out in whole percents (its SDKs bucket users 1–100, and the ones built on Yggdrasil turn a strategy off whose rollout is not a whole number), so ${odd} % cannot be set. Nothing to send: give the session whole-percent stages for a flag in Unleash.`;
    } else {
      const stage = flexibleRollout(r.flag.key, to, STAGE_TITLE, []);
      requests.push(
        {
          method: 'GET',
          path: `${base}/strategies`,
          body: null,
          find: { name: 'flexibleRollout', title: STAGE_TITLE },
          why: `Lists the strategies of ${r.flag.key} in ${r.scope.environment}; the one titled "${STAGE_TITLE}" is the stage strategy, and its id is {strategyId}.`,
        },
        {
          method: 'PATCH',
          path: `${base}/strategies/{strategyId}`,
          when: 'found',
          body: [
            { op: 'test', path: '/parameters/rollout', value: from },
            { op: 'test', path: '/constraints', value: [] },
            { op: 'replace', path: '/parameters/rollout', value: to },
          ],
          why: `Sets the stage strategy from ${from} % to ${to} % of everyone. Unleash refuses the patch (and changes nothing) unless the strategy is at ${from} % with no constraints, the state this decision started from.`,
        },
      );
      if (from === '0')
        requests.push({
          method: 'POST',
          path: `${base}/strategies`,
          when: 'missing',
          body: stage,
          why: `Adds the stage strategy at ${to} % of everyone (there is none yet).`,
        });
      if (move.action === 'promote')
        requests.push({
          method: 'POST',
          path: `${base}/on`,
          body: null,
          why: `Makes sure ${r.flag.key} is on in ${r.scope.environment} (no change if it already is).`,
        });
    }
  }
  return {
    ...payloadHead(r, move),
    placeholders: requests.length ? UNLEASH_PLACEHOLDERS : {},
    refused,
    sequence: requests.length
      ? `Send in order. Stop at the first answer that is not 2xx. Send a request marked "when" only if the lookup found the "${STAGE_TITLE}" strategy ("found") or did not ("missing"); ${move.change && move.from.percent > 0 ? 'if it is missing, stop: the flag is not in the state the decision assumed.' : 'at most one of them applies.'} The environment stays on and the tenant strategy is never touched, so the ${r.scope.tenantValue} tenant keeps the flag.`
      : null,
    changeRequests: CHANGE_REQUESTS_NOTE,
    tenantStrategy: {
      note: `Keeps the flag on for the ${r.scope.tenantValue} tenant. It should exist already, since the session ran on that tenant; if not, send it with POST ${base}/strategies.`,
      body: tenantStrategy,
    },
    requests,
  };
}

export function renderUnleash(model: ReportModel): ExportFile {
  return {
    filename: filename(model.record, 'unleash.json'),
    mime: 'application/json',
    content: `${JSON.stringify(unleashPayload(model), null, 2)}\n`,
  };
}
