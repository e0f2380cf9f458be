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
  it('adds a flexibleRollout strategy at 10 % beside the tenant strategy, then makes sure the flag is on', () => {
    const p = unleash(fixtureModel);
    expect(p.change).toBe(true);
    expect(p.requests.map((r) => [r.method, r.path])).toEqual([
      ['POST', `${BASE}/strategies`],
      ['POST', `${BASE}/on`],
    ]);
    expect(p.requests[0]!.body).toEqual({
      name: 'flexibleRollout',
      title: 'Ensemble: 10 %',
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
    expect(Object.keys(p.placeholders)).toEqual(['{project}', '{strategyId}']);
  });

  it('updates the stage strategy in place beyond the first stage', () => {
    const p = unleash(withDecision('10', 'promote', '50'));
    expect(p.requests[0]).toMatchObject({
      method: 'PUT',
      path: `${BASE}/strategies/{strategyId}`,
      body: { parameters: { rollout: '50' } },
    });
  });

  it('turns the environment off to roll back, and sends nothing for a hold', () => {
    const back = unleash(withDecision('50', 'rollback', 'internal'));
    expect(back.requests).toEqual([
      expect.objectContaining({ method: 'POST', path: `${BASE}/off`, body: null }),
    ]);
    const hold = unleash(withDecision('10', 'hold', null));
    expect(hold).toMatchObject({ change: false, requests: [], placeholders: {} });
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
    const hold = posthog(withDecision('10', 'hold', null));
    expect(hold).toMatchObject({ change: false, request: null });
  });
});
