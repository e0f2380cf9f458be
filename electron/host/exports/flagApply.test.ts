/**
 * The Unleash and PostHog payloads sent as they are to stand-ins of the real admin APIs, then
 * the flag evaluated by the official clients (unleash-client, posthog-node, through the
 * pre-flight's readers) for the tenant and for 10,000 other ids.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ReportModel } from '../../../shared/domain/record';
import {
  startPosthogAdminStandIn,
  startUnleashAdminStandIn,
  type UnleashStrategy,
} from '../../../test-support/flagAdminStandIns';
import { posthogFlag } from '../../../test-support/flagStandIns';
import { fixtureModel } from '../../../test-support/reportFixture';
import { readPosthog } from '../preflight/posthog';
import { readUnleash } from '../preflight/unleash';
import { renderExport } from './index';
import { posthogGroups, type posthogPayload } from './posthog';
import { STAGE_TITLE, type unleashPayload } from './unleash';

type Unleash = ReturnType<typeof unleashPayload>;
type PostHog = ReturnType<typeof posthogPayload>;

const FLAG = 'checkout-v2';
const KEY = 'tenant.id';
const OTHERS = Array.from({ length: 10_000 }, (_, i) => ({ targetingKey: `user-${i}` }));
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

function decided(from: string, action: 'promote' | 'rollback', to: string, stages?: number[]) {
  const model: ReportModel = structuredClone(fixtureModel);
  if (stages)
    model.record.stages = stages.map((percent, i) => ({
      key: i === 0 ? 'internal' : String(percent).replace('.', '-'),
      label: `${percent} %`,
      percent,
    }));
  model.record.flag.currentStage = from;
  model.record.decision = { ...model.record.decision!, action, toStage: to };
  return model;
}
const unleash = (m: ReportModel) => JSON.parse(renderExport('unleash', m).content) as Unleash;
const posthog = (m: ReportModel) => JSON.parse(renderExport('posthog', m).content) as PostHog;

/** The share of the 10,000 ids the flag is on for, and whether the tenant has it. */
function reach(results: Array<{ on?: boolean; error?: string }>) {
  expect(results.filter((r) => r.error)).toEqual([]);
  const [tenant, ...others] = results;
  return { tenant: tenant!.on, percent: (100 * others.filter((r) => r.on).length) / others.length };
}

/** The tenant has the flag and the others are at the stage's percent, within 1.5 points. */
function expectStage(after: { tenant: boolean | undefined; percent: number }, percent: number) {
  expect(after.tenant).toBe(true);
  expect(Math.abs(after.percent - percent)).toBeLessThan(1.5);
}

// ---------------------------------------------------------------------------------------------
// Unleash

const TOKENS = { adminToken: 'user:admin-token', clientToken: 'default:production.client' };
const tenantStrategy = (): UnleashStrategy => ({
  id: 'tenant-1',
  ...(unleash(fixtureModel).tenantStrategy.body as Omit<UnleashStrategy, 'id'>),
});
const stageStrategy = (rollout: string, more: Partial<UnleashStrategy> = {}): UnleashStrategy => ({
  id: 'stage-1',
  name: 'flexibleRollout',
  title: STAGE_TITLE,
  disabled: false,
  constraints: [],
  parameters: { rollout, stickiness: 'default', groupId: FLAG },
  ...more,
});

async function unleashStandIn(strategies: UnleashStrategy[], more = {}) {
  const s = await startUnleashAdminStandIn({
    ...TOKENS,
    project: 'default',
    feature: FLAG,
    environment: 'production',
    enabled: true,
    strategies,
    ...more,
  });
  closers.push(s.close);
  return s;
}

/** Follows the file's `sequence` as a pipeline would; the statuses of what it sent. */
async function sendUnleash(url: string, p: Unleash) {
  const sent: Array<[string, string, number]> = [];
  let found: string | null = null;
  for (const r of p.requests) {
    if ((r.when === 'found' && !found) || (r.when === 'missing' && found)) continue;
    const path = r.path.replace('{project}', 'default').replace('{strategyId}', found ?? '');
    const res = await fetch(`${url}${path}`, {
      method: r.method,
      headers: {
        Authorization: TOKENS.adminToken,
        ...(r.body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: r.body ? JSON.stringify(r.body) : undefined,
    });
    const answer: unknown = await res.json().catch(() => null);
    sent.push([r.method, path.split('/environments/production')[1]!, res.status]);
    if (!res.ok) break;
    if (r.find) {
      const list = answer as Array<{ id: string; name: string; title?: string | null }>;
      found = list.find((s) => s.name === r.find!.name && s.title === r.find!.title)?.id ?? null;
      if (!found && p.from!.percent > 0) break;
    }
  }
  return sent;
}

const evaluateUnleash = async (url: string) => {
  const read = await readUnleash(url, TOKENS.clientToken, FLAG, KEY, [
    { targetingKey: 'internal' },
    ...OTHERS,
  ]);
  if (!read.ok) throw new Error(read.error);
  return reach(read.results as Array<{ on?: boolean; error?: string }>);
};

describe('Unleash payload sent to the Admin API, then evaluated by unleash-client', () => {
  it('rolls back from 50 % to the tenant: the stage strategy goes to 0 %, the environment and the tenant stay on', async () => {
    const s = await unleashStandIn([tenantStrategy(), stageStrategy('50')]);
    expect((await evaluateUnleash(s.url)).percent).toBeGreaterThan(45);
    const sent = await sendUnleash(s.url, unleash(decided('50', 'rollback', 'internal')));
    expect(sent).toEqual([
      ['GET', '/strategies', 200],
      ['PATCH', '/strategies/stage-1', 200],
    ]);
    expect(s.state.enabled).toBe(true);
    expect(s.state.strategies.map((x) => [x.id, x.parameters.rollout])).toEqual([
      ['tenant-1', '100'],
      ['stage-1', '0'],
    ]);
    expect(await evaluateUnleash(s.url)).toEqual({ tenant: true, percent: 0 });
  });

  it('promotes after a roll back by raising the same stage strategy, never adding a second', async () => {
    const s = await unleashStandIn([tenantStrategy(), stageStrategy('0')]);
    const sent = await sendUnleash(s.url, unleash(decided('internal', 'promote', '10')));
    expect(sent).toEqual([
      ['GET', '/strategies', 200],
      ['PATCH', '/strategies/stage-1', 200],
      ['POST', '/on', 200],
    ]);
    expect(s.state.strategies).toHaveLength(2);
    expectStage(await evaluateUnleash(s.url), 10);
  });

  it('adds the stage strategy on the first promote, and raises it on the next', async () => {
    const s = await unleashStandIn([tenantStrategy()]);
    expect(await sendUnleash(s.url, unleash(decided('internal', 'promote', '10')))).toEqual([
      ['GET', '/strategies', 200],
      ['POST', '/strategies', 200],
      ['POST', '/on', 200],
    ]);
    const created = s.state.strategies[1]!.id;
    expect(await sendUnleash(s.url, unleash(decided('10', 'promote', '50')))).toEqual([
      ['GET', '/strategies', 200],
      ['PATCH', `/strategies/${created}`, 200],
      ['POST', '/on', 200],
    ]);
    expect(s.state.strategies).toHaveLength(2);
    expectStage(await evaluateUnleash(s.url), 50);
  });

  it('is refused, changing nothing, when the stage strategy is not where the decision started', async () => {
    const moved = await unleashStandIn([tenantStrategy(), stageStrategy('25')]);
    const back = unleash(decided('10', 'rollback', 'internal'));
    expect(await sendUnleash(moved.url, back)).toEqual([
      ['GET', '/strategies', 200],
      ['PATCH', '/strategies/stage-1', 500],
    ]);
    expect(moved.state.strategies[1]!.parameters.rollout).toBe('25');

    const narrowed = stageStrategy('10', {
      constraints: [{ contextName: 'region', operator: 'IN', values: ['eu'] }],
    });
    const other = await unleashStandIn([tenantStrategy(), narrowed]);
    await sendUnleash(other.url, unleash(decided('10', 'promote', '100')));
    expect(other.state.strategies[1]!.parameters.rollout).toBe('10');

    const missing = await unleashStandIn([tenantStrategy()]);
    expect(await sendUnleash(missing.url, unleash(decided('10', 'promote', '50')))).toEqual([
      ['GET', '/strategies', 200],
    ]);
    expect(missing.state.strategies).toHaveLength(1);
  });

  it('is refused with 403 where change requests are on, and says so', async () => {
    const s = await unleashStandIn([tenantStrategy(), stageStrategy('10')], {
      changeRequests: true,
    });
    const p = unleash(decided('10', 'promote', '50'));
    expect((await sendUnleash(s.url, p)).at(-1)).toEqual(['PATCH', '/strategies/stage-1', 403]);
    expect(s.state.strategies[1]!.parameters.rollout).toBe('10');
    expect(p.changeRequests).toMatch(/change-request API/);
  });

  it('keeps whole percents exact and sends nothing for a stage Unleash cannot express', async () => {
    const whole = unleash(decided('internal', 'promote', '1', [0, 1, 5]));
    expect(whole.requests[1]!.body).toContainEqual({
      op: 'replace',
      path: '/parameters/rollout',
      value: '1',
    });
    const tiny = unleash(decided('internal', 'promote', '0-1', [0, 0.1, 1]));
    expect(tiny.requests).toEqual([]);
    expect(tiny.refused).toMatch(/whole percents.*0\.1 %/);
    expect(
      renderExport('unleash', decided('internal', 'promote', '0-1', [0, 0.1, 1])).content,
    ).not.toMatch(/"rollout": "0"/);
  });

  it('stands in for Unleash faithfully: a rollout given as a number is refused 400', async () => {
    const s = await unleashStandIn([tenantStrategy()]);
    const res = await fetch(
      `${s.url}/api/admin/projects/default/features/${FLAG}/environments/production/strategies`,
      {
        method: 'POST',
        headers: { Authorization: TOKENS.adminToken, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'flexibleRollout', parameters: { rollout: 10 } }),
      },
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ name: 'ValidationError' });
  });
});

// ---------------------------------------------------------------------------------------------
// PostHog

const PH = { personalApiKey: 'phx_personal', projectApiKey: 'phc_project', projectId: 7 };

async function posthogStandIn(flag: ReturnType<typeof posthogFlag>) {
  const s = await startPosthogAdminStandIn({ ...PH, flag, groupTypes: { '0': KEY } });
  closers.push(s.close);
  return s;
}

/** PATCHes a body of the file, with its placeholders filled in as the file says. */
async function sendPosthog(url: string, request: NonNullable<PostHog['request']>) {
  const path = request.path.replace('{project_id}', String(PH.projectId)).replace('{id}', '1');
  return fetch(`${url}${path}`, {
    method: request.method,
    headers: { Authorization: `Bearer ${PH.personalApiKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(request.body).replaceAll('"{group_type_index}"', '0'),
  });
}

const evaluatePosthog = async (url: string) => {
  const read = await readPosthog(
    { host: url, projectApiKey: PH.projectApiKey },
    PH.personalApiKey,
    FLAG,
    KEY,
    [{ targetingKey: 'internal' }, ...OTHERS],
  );
  if (!read.ok) throw new Error(read.error);
  return reach(read.results as Array<{ on?: boolean; error?: string }>);
};

describe('PostHog payload PATCHed to the feature-flag API, then evaluated by posthog-node', () => {
  it('promotes an inactive flag: the PATCH makes it active, the tenant on and 10 % of the rest', async () => {
    const s = await posthogStandIn(
      posthogFlag(FLAG, posthogGroups(KEY, 'internal', 0), { active: false }),
    );
    const res = await sendPosthog(s.url, posthog(decided('internal', 'promote', '10')).request!);
    expect(res.status).toBe(200);
    expect(s.state.flag.active).toBe(true);
    expectStage(await evaluatePosthog(s.url), 10);
  });

  it('rolls back to the tenant alone, keeping the tenant on', async () => {
    const s = await posthogStandIn(posthogFlag(FLAG, posthogGroups(KEY, 'internal', 50)));
    const res = await sendPosthog(s.url, posthog(decided('50', 'rollback', 'internal')).request!);
    expect(res.status).toBe(200);
    expect(await evaluatePosthog(s.url)).toEqual({ tenant: true, percent: 0 });
  });

  it('offers the group-based PATCH: the tenant group on, 50 % of the other groups', async () => {
    const group = { kind: 'group' as const, index: 0 };
    const s = await posthogStandIn(
      posthogFlag(FLAG, posthogGroups(KEY, 'internal', 10, group), {
        aggregation_group_type_index: 0,
      }),
    );
    const p = posthog(decided('10', 'promote', '50'));
    expect(Object.keys(p.groupPlaceholders)).toEqual(['{group_type_index}']);
    const res = await sendPosthog(s.url, p.groupRequest!);
    expect(res.status).toBe(200);
    expect(s.state.flag.filters.aggregation_group_type_index).toBe(0);
    expectStage(await evaluatePosthog(s.url), 50);
  });

  it('stands in for PostHog faithfully: person properties on a group flag are refused 400', async () => {
    const s = await posthogStandIn(posthogFlag(FLAG, posthogGroups(KEY, 'internal', 0)));
    const p = posthog(decided('internal', 'promote', '10'));
    const body = {
      ...p.request!.body,
      filters: { ...p.request!.body.filters, aggregation_group_type_index: 0 },
    };
    const res = await sendPosthog(s.url, { ...p.request!, body });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ type: 'validation_error', attr: 'filters' });
  });
});
