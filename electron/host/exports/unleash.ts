/**
 * Unleash Admin API requests for the decision (https://docs.getunleash.io/api): a
 * flexibleRollout strategy at the stage's percentage beside the strategy that keeps the flag on
 * for the tenant; for roll back, the environment turned off.
 */
import type { ReportModel } from '../../../shared/domain/record';
import { type ExportFile, filename } from './common';
import { payloadHead, plannedMove } from './rollout';

export const UNLEASH_PLACEHOLDERS = {
  '{project}': 'The Unleash project id the flag lives in ("default" unless you made others).',
  '{strategyId}':
    'The id of the stage’s flexibleRollout strategy (GET …/environments/{environment}/strategies lists them).',
};

export type UnleashRequest = {
  method: 'POST' | 'PUT';
  path: string;
  body: object | null;
  why: string;
};

type Constraint = {
  contextName: string;
  operator: 'IN';
  values: string[];
  caseInsensitive: false;
  inverted: false;
};

/** Unleash strategy parameters are strings; groupId keeps a user's bucket stable across stages. */
export function flexibleRollout(
  flagKey: string,
  percent: number,
  title: string,
  constraints: Constraint[],
) {
  return {
    name: 'flexibleRollout',
    title,
    disabled: false,
    constraints,
    // Unleash rolls out in whole percents.
    parameters: { rollout: String(Math.round(percent)), stickiness: 'default', groupId: flagKey },
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
    100,
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
  if (move.change && move.action === 'rollback') {
    requests.push({
      method: 'POST',
      path: `${base}/off`,
      body: null,
      why: `Turns ${r.flag.key} off in ${r.scope.environment} for everyone, the ${r.scope.tenantValue} tenant too. To give the tenant the flag back afterwards, remove the stage strategy ({strategyId}) and turn the environment on again.`,
    });
  } else if (move.change) {
    const stage = flexibleRollout(r.flag.key, move.to.percent, `Ensemble: ${move.to.label}`, []);
    requests.push(
      move.from.percent === 0
        ? {
            method: 'POST',
            path: `${base}/strategies`,
            body: stage,
            why: `Adds the strategy that reaches ${move.to.percent} % of everyone.`,
          }
        : {
            method: 'PUT',
            path: `${base}/strategies/{strategyId}`,
            body: stage,
            why: `Sets the stage strategy from ${move.from.percent} % to ${move.to.percent} % of everyone.`,
          },
      {
        method: 'POST',
        path: `${base}/on`,
        body: null,
        why: `Makes sure ${r.flag.key} is on in ${r.scope.environment} (no change if it already is).`,
      },
    );
  }
  return {
    ...payloadHead(r, move),
    placeholders: requests.length ? UNLEASH_PLACEHOLDERS : {},
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
