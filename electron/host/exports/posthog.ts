/**
 * The PostHog feature-flag PATCH (https://posthog.com/docs/api/feature-flags): release
 * conditions with the tenant at 100 % and, beyond the tenant-only stage, everyone else at the
 * stage's percentage.
 */
import type { ReportModel } from '../../../shared/domain/record';
import { type ExportFile, filename } from './common';
import { payloadHead, plannedMove } from './rollout';

export const POSTHOG_PLACEHOLDERS = {
  '{project_id}': 'The PostHog project id (Project settings, or GET /api/projects/).',
  '{id}':
    'The numeric id of the feature flag (GET /api/projects/{project_id}/feature_flags/?search=<key>).',
};

export type PostHogGroup = {
  properties: Array<{ key: string; type: 'person'; value: string[]; operator: 'exact' }>;
  rollout_percentage: number;
};

/** The release conditions for a stage: conditions are OR-ed, so the tenant keeps the flag. */
export function posthogGroups(tenantKey: string, tenant: string, percent: number): PostHogGroup[] {
  const groups: PostHogGroup[] = [
    {
      properties: [{ key: tenantKey, type: 'person', value: [tenant], operator: 'exact' }],
      rollout_percentage: 100,
    },
  ];
  if (percent > 0) groups.push({ properties: [], rollout_percentage: percent });
  return groups;
}

export function posthogPayload(model: ReportModel) {
  const r = model.record;
  const move = plannedMove(r);
  return {
    ...payloadHead(r, move),
    placeholders: move.change ? POSTHOG_PLACEHOLDERS : {},
    request: move.change
      ? {
          method: 'PATCH' as const,
          path: '/api/projects/{project_id}/feature_flags/{id}/',
          why: `Replaces the release conditions of ${r.flag.key}: the ${r.scope.tenantValue} tenant (person property ${r.scope.tenantKey}) always${move.to.percent > 0 ? `, and ${move.to.percent} % of everyone` : ' and no one else'}. A PATCH of filters replaces all of them, variants and payloads included. If tenants are PostHog groups rather than a person property, use type "group" and set aggregation_group_type_index.`,
          body: {
            filters: {
              groups: posthogGroups(r.scope.tenantKey, r.scope.tenantValue, move.to.percent),
            },
          },
        }
      : null,
  };
}

export function renderPosthog(model: ReportModel): ExportFile {
  return {
    filename: filename(model.record, 'posthog.json'),
    mime: 'application/json',
    content: `${JSON.stringify(posthogPayload(model), null, 2)}\n`,
  };
}
