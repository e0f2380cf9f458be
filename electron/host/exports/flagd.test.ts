import { FlagdCore, type Storage } from '@openfeature/flagd-core';
import { applyPatch } from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import type { ReportModel } from '../../../shared/domain/record';
import { type FlagdDefinition, type FlagdPayload, flagdDefinition } from './flagd';
import { fixtureModel } from '../../../test-support/reportFixture';
import { renderExport } from './index';

const FLAG = 'checkout-v2';

function withDecision(
  from: string,
  decision: { action: 'promote' | 'hold' | 'rollback'; toStage: string | null } | null,
): ReportModel {
  const model = structuredClone(fixtureModel);
  model.record.flag.currentStage = from;
  if (decision === null) {
    model.record.decision = null;
    model.record.status = 'draft';
  } else model.record.decision = { ...model.record.decision!, ...decision };
  return model;
}

const payloadOf = (model: ReportModel, options = {}) =>
  JSON.parse(renderExport('flagd', model, { flagd: options }).content) as FlagdPayload;

/** Loads a definition as flagd does, with schema validation on: an invalid file throws. */
function evaluator(definition: FlagdDefinition) {
  const core = new FlagdCore();
  (core as Storage).setConfigurations(JSON.stringify(definition), true);
  return (ctx: object) => core.resolveBooleanEvaluation(FLAG, false, ctx as never).value;
}

/** The share of 4 000 users of other tenants that get the flag. */
function shareOn(definition: FlagdDefinition) {
  const on = evaluator(definition);
  let n = 0;
  for (let i = 0; i < 4000; i++)
    if (on({ targetingKey: `user-${i}`, tenant: { id: `tenant-${i % 50}` } })) n++;
  return n / 4000;
}

describe('flagd payload', () => {
  it('turns the flag on for the tenant and about 10 % of everyone else, and patches the previous definition into it', () => {
    const p = payloadOf(fixtureModel);
    expect(p.change).toBe(true);
    expect(p.summary).toBe('Promote to 10 % (from Internal tenant).');
    expect(p.definition!.$schema).toBe('https://flagd.dev/schema/v0/flags.json');
    const patched = applyPatch(p.previous, p.patch as never, true, false).newDocument;
    expect(patched).toEqual(p.definition);

    const before = evaluator(p.previous!);
    const after = evaluator(p.definition!);
    expect(before({ targetingKey: 'ana', tenant: { id: 'internal' } })).toBe(true);
    expect(after({ targetingKey: 'ana', tenant: { id: 'internal' } })).toBe(true);
    expect(shareOn(p.previous!)).toBe(0);
    expect(shareOn(p.definition!)).toBeGreaterThan(0.08);
    expect(shareOn(p.definition!)).toBeLessThan(0.12);
    // Sticky: the same user gets the same answer every time.
    const someone = { targetingKey: 'user-77', tenant: { id: 'acme' } };
    expect(new Set([1, 2, 3].map(() => after(someone))).size).toBe(1);
  });

  it('takes every step of the default stages and back, each patch applying exactly', () => {
    const steps: Array<[string, 'promote' | 'rollback', string, number]> = [
      ['internal', 'promote', '1', 0.01],
      ['1', 'promote', '10', 0.1],
      ['10', 'promote', '50', 0.5],
      ['50', 'promote', '100', 1],
      ['100', 'rollback', 'internal', 0],
      ['50', 'rollback', 'internal', 0],
    ];
    for (const [from, action, to, share] of steps) {
      const p = payloadOf(withDecision(from, { action, toStage: to }));
      expect(p.patch.length).toBeGreaterThan(0);
      expect(applyPatch(p.previous, p.patch as never, true, false).newDocument).toEqual(
        p.definition,
      );
      expect(Math.abs(shareOn(p.definition!) - share)).toBeLessThan(0.025);
      expect(evaluator(p.definition!)({ targetingKey: 'x', tenant: { id: 'internal' } })).toBe(
        true,
      );
    }
  });

  it('says "no change" for a hold and for a draft, with an empty patch', () => {
    const hold = payloadOf(withDecision('10', { action: 'hold', toStage: null }));
    expect(hold).toMatchObject({ change: false, patch: [], summary: 'Hold at 10 %: no change.' });
    expect(hold.definition).toEqual(hold.previous);
    const draft = payloadOf(withDecision('internal', null));
    expect(draft).toMatchObject({ change: false, patch: [] });
    expect(draft.summary).toMatch(/^Draft: not signed yet/);
  });

  it('reads the tenant from the attribute it is told, and splits fractional stages in whole weights', () => {
    const p = payloadOf(fixtureModel, { contextAttribute: 'tenantId' });
    expect(p.evaluationContext).toEqual({
      targetingKey: '<user or request id>',
      tenantId: 'internal',
    });
    expect(evaluator(p.definition!)({ targetingKey: 'a', tenantId: 'internal' })).toBe(true);
    const half = flagdDefinition(FLAG, 'tenantId', 'internal', 12.5);
    expect(JSON.stringify(half)).toContain('["on",125],["off",875]');
    expect(Math.abs(shareOn(half) - 0.125)).toBeLessThan(0.025);
  });
});
