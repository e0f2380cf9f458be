import { describe, expect, it } from 'vitest';
import type { ReportModel } from '../../../shared/domain/record';
import { fixtureModel } from '../../../test-support/reportFixture';
import { renderExport } from './index';
import type { posthogPayload } from './posthog';
import type { unleashPayload } from './unleash';

type Unleash = ReturnType<typeof unleashPayload>;
type PostHog = ReturnType<typeof posthogPayload>;

function withDecision(
  from: string,
  action: 'promote' | 'hold' | 'rollback',
  toStage: string | null,
): ReportModel {
  const model = structuredClone(fixtureModel);
  model.record.flag.currentStage = from;
  model.record.decision = { ...model.record.decision!, action, toStage };
  return model;
}
const unleash = (m: ReportModel) => JSON.parse(renderExport('unleash', m).content) as Unleash;
const posthog = (m: ReportModel) => JSON.parse(renderExport('posthog', m).content) as PostHog;
const BASE = '/api/admin/projects/{project}/features/checkout-v2/environments/production';

describe('Unleash Admin API requests', () => {
  it('finds the stage strategy, adds it at 10 % beside the tenant strategy if missing, then makes sure the flag is on', () => {
    const p = unleash(fixtureModel);
    expect(p.change).toBe(true);
    expect(p.requests.map((r) => [r.method, r.path, r.when])).toEqual([
      ['GET', `${BASE}/strategies`, undefined],
      ['PATCH', `${BASE}/strategies/{strategyId}`, 'found'],
      ['POST', `${BASE}/strategies`, 'missing'],
      ['POST', `${BASE}/on`, undefined],
    ]);
    expect(p.requests[0]!.find).toEqual({
      name: 'flexibleRollout',
      title: 'Ensemble rollout stage',
    });
    expect(p.requests[1]!.body).toEqual([
      { op: 'test', path: '/parameters/rollout', value: '0' },
      { op: 'test', path: '/constraints', value: [] },
      { op: 'replace', path: '/parameters/rollout', value: '10' },
    ]);
    expect(p.requests[2]!.body).toEqual({
      name: 'flexibleRollout',
      title: 'Ensemble rollout stage',
      disabled: false,
      constraints: [],
      parameters: { rollout: '10', stickiness: 'default', groupId: 'checkout-v2' },
    });
    expect(p.tenantStrategy.body).toMatchObject({
      name: 'flexibleRollout',
      constraints: [
        {
          contextName: 'tenant.id',
          operator: 'IN',
          values: ['internal'],
          caseInsensitive: false,
          inverted: false,
        },
      ],
      parameters: { rollout: '100', stickiness: 'default', groupId: 'checkout-v2' },
    });
    expect(Object.keys(p.placeholders)).toEqual(['{project}']);
  });

  it('beyond the first stage, only patches the stage strategy it finds (a missing one stops the sequence)', () => {
    const p = unleash(withDecision('10', 'promote', '50'));
    expect(p.requests.map((r) => r.method)).toEqual(['GET', 'PATCH', 'POST']);
    expect(p.requests[1]!.body).toContainEqual({
      op: 'test',
      path: '/parameters/rollout',
      value: '10',
    });
    expect(p.sequence).toMatch(/if it is missing, stop/);
  });

  it('rolls back by lowering the stage strategy, never turning the environment off, and sends nothing for a hold', () => {
    const back = unleash(withDecision('50', 'rollback', 'internal'));
    expect(back.requests.map((r) => [r.method, r.path])).toEqual([
      ['GET', `${BASE}/strategies`],
      ['PATCH', `${BASE}/strategies/{strategyId}`],
    ]);
    expect(back.requests[1]!.body).toContainEqual({
      op: 'replace',
      path: '/parameters/rollout',
      value: '0',
    });
    expect(JSON.stringify(back)).not.toMatch(/\/off"/);
    const hold = unleash(withDecision('10', 'hold', null));
    expect(hold).toMatchObject({ change: false, requests: [], placeholders: {}, sequence: null });
    expect(hold.summary).toBe('Hold at 10 %: no change.');
  });
});

describe('PostHog feature-flag PATCH', () => {
  it('keeps the tenant at 100 % and adds a release condition for 10 % of everyone', () => {
    const p = posthog(fixtureModel);
    expect(p.request).toMatchObject({
      method: 'PATCH',
      path: '/api/projects/{project_id}/feature_flags/{id}/',
    });
    expect(p.request!.body).toEqual({
      active: true,
      filters: {
        groups: [
          {
            properties: [
              { key: 'tenant.id', type: 'person', value: ['internal'], operator: 'exact' },
            ],
            rollout_percentage: 100,
          },
          { properties: [], rollout_percentage: 10 },
        ],
      },
    });
    expect(Object.keys(p.placeholders)).toEqual(['{project_id}', '{id}']);
  });

  it('leaves only the tenant on a roll back, and sends nothing for a hold', () => {
    const back = posthog(withDecision('50', 'rollback', 'internal'));
    expect(back.request!.body.filters.groups).toHaveLength(1);
    expect(back.request!.body.filters.groups[0]!.rollout_percentage).toBe(100);
    expect(back.request!.body.active).toBe(true);
    const hold = posthog(withDecision('10', 'hold', null));
    expect(hold).toMatchObject({ change: false, request: null, groupRequest: null });
  });
});

describe('PostHog group-based PATCH', () => {
  it('targets the tenant group by its key, with every property a group property of that type', () => {
    const p = posthog(fixtureModel);
    expect(p.groupRequest!.body).toEqual({
      active: true,
      filters: {
        aggregation_group_type_index: '{group_type_index}',
        groups: [
          {
            properties: [
              {
                key: '$group_key',
                type: 'group',
                group_type_index: '{group_type_index}',
                value: ['internal'],
                operator: 'exact',
              },
            ],
            rollout_percentage: 100,
          },
          { properties: [], rollout_percentage: 10 },
        ],
      },
    });
    expect(p.assumes!.person.filters.groups).toHaveLength(1);
  });
});
