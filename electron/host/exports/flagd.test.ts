import { describe, expect, it } from 'vitest';
import type { ReportModel } from '../../../shared/domain/record';
import {
  closeTo,
  flagdSchemaErrors,
  loadFlagd,
  shareOn,
  withDecision,
} from '../../../test-support/flagdConformance';
import { fixtureModel } from '../../../test-support/reportFixture';
import { type FlagdFlagSet, flagdFlag } from './flagd';
import { renderExport } from './index';

const FLAG = 'checkout-v2';

const fileOf = (model: ReportModel, contextAttribute?: string) =>
  JSON.parse(renderExport('flagd', model, { flagd: { contextAttribute } }).content) as FlagdFlagSet;

const MOVES: Array<[string, 'promote' | 'hold' | 'rollback', string | null, number]> = [
  ['internal', 'promote', '1', 1],
  ['1', 'promote', '10', 10],
  ['10', 'promote', '50', 50],
  ['50', 'promote', '100', 100],
  ['50', 'hold', null, 50],
  ['100', 'rollback', 'internal', 0],
  ['50', 'rollback', 'internal', 0],
];

describe('flagd flag-set file', () => {
  it('is a bare flag-set file that flagd’s published schema accepts and flagd-core loads as the one flag, at the stage the decision leaves it', () => {
    for (const [from, action, to, percent] of MOVES) {
      const file = fileOf(withDecision(from, { action, toStage: to }));
      expect(flagdSchemaErrors(file)).toEqual([]);
      expect(Object.keys(file).sort()).toEqual(['$schema', 'flags', 'metadata']);
      const flagd = loadFlagd(file);
      expect(flagd.flagCount).toBe(1);
      const on = (ctx: Record<string, unknown>) => flagd.on(FLAG, ctx);
      expect(on({ targetingKey: 'ana', tenant: 'internal' })).toBe(true);
      expect(closeTo(shareOn(on), percent)).toBe(true);
      // Sticky: the same user gets the same answer every time.
      const someone = { targetingKey: 'user-77', tenant: 'acme' };
      expect(new Set([1, 2, 3].map(() => on(someone))).size).toBe(1);
    }
  });

  it('says which decision, session and stage it comes from in its metadata, without the rationale or the title', () => {
    const file = fileOf(fixtureModel);
    const r = fixtureModel.record;
    expect(file.metadata).toMatchObject({
      managedBy: 'Ensemble',
      ensembleRecord: r.recordId,
      ensembleSession: r.session.id,
      ensembleStatus: 'signed',
      ensembleDecision: 'Promote to 10 % (from Internal tenant).',
      ensembleFromStage: 'internal',
      ensembleStage: '10',
      ensemblePercent: 10,
    });
    // flagd serves flag-set metadata with every evaluation: nothing from people goes there.
    const text = JSON.stringify(file.metadata);
    expect(text).not.toContain(r.decision!.rationale);
    expect(text).not.toContain(r.session.title);
  });

  it('a draft or a hold leaves the flag where it is, and says so', () => {
    const draft = fileOf(withDecision('10', null));
    expect(flagdSchemaErrors(draft)).toEqual([]);
    expect(draft.flags[FLAG]).toEqual(flagdFlag('tenant', 'internal', 10));
    expect(draft.metadata).toMatchObject({ ensembleStatus: 'draft', ensembleStage: '10' });
    expect(String(draft.metadata.ensembleDecision)).toMatch(/^Draft: not signed yet/);
  });

  it('refuses, with a conflict, a record whose current stage is not among its stages', () => {
    expect(() => fileOf(withDecision('25', { action: 'promote', toStage: '50' }))).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
  });

  it('reads the tenant from a dot-free attribute by default, and a dotted one as a path', () => {
    const plain = fileOf(fixtureModel);
    expect(JSON.parse(String(plain.metadata.ensembleContext))).toEqual({
      targetingKey: '<user or request id>',
      tenant: '<tenant>',
    });
    const custom = loadFlagd(fileOf(fixtureModel, 'tenantId'));
    expect(custom.on(FLAG, { targetingKey: 'a', tenantId: 'internal' })).toBe(true);

    const dotted = fileOf(fixtureModel, 'org.id');
    expect(JSON.parse(String(dotted.metadata.ensembleContext))).toEqual({
      targetingKey: '<user or request id>',
      org: { id: '<tenant>' },
    });
    const flagd = loadFlagd(dotted);
    const off = flagd.userLeftOff(FLAG);
    expect(flagd.on(FLAG, { targetingKey: off, org: { id: 'internal' } })).toBe(true);
    expect(flagd.on(FLAG, { targetingKey: off, 'org.id': 'internal' })).toBe(false);
  });

  it('splits fractional stages in whole weights the schema accepts', () => {
    const half = flagdFlag('tenant', 'internal', 12.5);
    expect(JSON.stringify(half)).toContain('["on",125],["off",875]');
    const file = { flags: { [FLAG]: half } };
    expect(flagdSchemaErrors(file)).toEqual([]);
    const flagd = loadFlagd(file);
    expect(
      closeTo(
        shareOn((ctx) => flagd.on(FLAG, ctx)),
        12.5,
      ),
    ).toBe(true);
  });
});
