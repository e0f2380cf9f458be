/**
 * The PostHog feature-flag PATCH (https://posthog.com/docs/api/feature-flags): release
 * conditions with the tenant at 100 % and, beyond the tenant-only stage, everyone else at the
 * stage's percentage; the flag is made active, so the tenant keeps it on a roll back too.
 *
 * Two bodies, one per way PostHog can know the tenant: a person property (`request`), or a
 * group (`groupRequest`: B2B tenants are usually PostHog groups, and the flag then rolls out
 * per group, every user of a tenant alike). PostHog refuses a flag that mixes the two, so the
 * file offers both and the reviewer sends the one that matches the flag.
 */
import type { ReportModel } from '../../../shared/domain/record';
import { type ExportFile, filename } from './common';
import { payloadHead, plannedMove } from './rollout';

export const POSTHOG_PLACEHOLDERS = {
  '{project_id}': 'The PostHog project id (Project settings, or GET /api/projects/).',
  '{id}':
    'The numeric id of the feature flag (GET /api/projects/{project_id}/feature_flags/?search=<key>).',
};

export const GROUP_PLACEHOLDERS = {
  '{group_type_index}':
    'The index of the tenant group type (GET /api/projects/{project_id}/groups_types/ lists them). Replace "{group_type_index}", quotes included, with the number.',
};

/** Who a condition's property is: a person, or a group of the given type index. */
export type Audience = { kind: 'person' } | { kind: 'group'; index: number | string };

type Property =
  | { key: string; type: 'person'; value: string[]; operator: 'exact' }
  | {
      key: '$group_key';
      type: 'group';
      group_type_index: number | string;
      value: string[];
      operator: 'exact';
    };

export type PostHogGroup = { properties: Property[]; rollout_percentage: number };

/** The release conditions for a stage: conditions are OR-ed, so the tenant keeps the flag. */
export function posthogGroups(
  tenantKey: string,
  tenant: string,
  percent: number,
  audience: Audience = { kind: 'person' },
): PostHogGroup[] {
  const property: Property =
    audience.kind === 'person'
      ? { key: tenantKey, type: 'person', value: [tenant], operator: 'exact' }
      : {
          key: '$group_key',
          type: 'group',
          group_type_index: audience.index,
          value: [tenant],
          operator: 'exact',
        };
  const groups: PostHogGroup[] = [{ properties: [property], rollout_percentage: 100 }];
  if (percent > 0) groups.push({ properties: [], rollout_percentage: percent });
  return groups;
}

const PATH = '/api/projects/{project_id}/feature_flags/{id}/';
const GROUP: Audience = { kind: 'group', index: '{group_type_index}' };

/** The flag as a stage leaves it: active, with the stage's release conditions. */
function flagAt(r: ReportModel['record'], percent: number, audience: Audience) {
  const groups = posthogGroups(r.scope.tenantKey, r.scope.tenantValue, percent, audience);
  return {
    active: true,
    filters:
      audience.kind === 'group'
        ? { aggregation_group_type_index: audience.index, groups }
        : { groups },
  };
}

export function posthogPayload(model: ReportModel) {
  const r = model.record;
  const move = plannedMove(r);
  const { tenantKey, tenantValue } = r.scope;
  if (!move.change)
    return {
      ...payloadHead(r, move),
      placeholders: {},
      assumes: null,
      request: null,
      groupPlaceholders: {},
      groupRequest: null,
    };
  const to = move.to.percent;
  const others = to > 0 ? `, and ${to} % of everyone` : ' and no one else';
  const replaces =
    'A PATCH of filters replaces all of them (variants and payloads included), so check first that the flag is as "assumes" says: PostHog has no conditional update.';
  return {
    ...payloadHead(r, move),
    placeholders: POSTHOG_PLACEHOLDERS,
    assumes: {
      person: flagAt(r, move.from.percent, { kind: 'person' }),
      group: flagAt(r, move.from.percent, GROUP),
    },
    request: {
      method: 'PATCH' as const,
      path: PATH,
      why: `For tenants known by the person property ${tenantKey}. Makes ${r.flag.key} active with these release conditions: the ${tenantValue} tenant always${others}. ${replaces}`,
      body: flagAt(r, to, { kind: 'person' }),
    },
    groupPlaceholders: GROUP_PLACEHOLDERS,
    groupRequest: {
      method: 'PATCH' as const,
      path: PATH,
      why: `For tenants that are PostHog groups (the SDKs send groups: { <group type>: "${tenantValue}" }). Makes ${r.flag.key} a group flag, active, with these release conditions: the ${tenantValue} group always${others.replace('everyone', 'all groups')}, every user of a group alike. ${replaces}`,
      body: flagAt(r, to, GROUP),
    },
  };
}

export function renderPosthog(model: ReportModel): ExportFile {
  return {
    filename: filename(model.record, 'posthog.json'),
    mime: 'application/json',
    content: `${JSON.stringify(posthogPayload(model), null, 2)}\n`,
  };
}
