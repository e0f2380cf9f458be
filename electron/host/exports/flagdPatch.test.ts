import { applyPatch as fastApply } from 'fast-json-patch';
import { applyPatch as rfcApply, type Operation } from 'rfc6902';
import { describe, expect, it } from 'vitest';
import type { ReportModel } from '../../../shared/domain/record';
import {
  closeTo,
  flagdSchemaErrors,
  loadFlagd,
  shareOn,
  withDecision,
} from '../../../test-support/flagdConformance';
import { type FlagdFlag, type FlagdFlagSet, flagdFlag } from './flagd';
import { renderExport } from './index';

const FLAG = 'checkout-v2';
type File = { flags: unknown; [key: string]: unknown };

const render = (format: 'flagd' | 'flagd-patch', model: ReportModel) =>
  JSON.parse(renderExport(format, model).content) as unknown;
/** The flag-set file Ensemble exported when the flag was put at `stage`. */
const ownExport = (stage: string) =>
  render('flagd', withDecision(stage, { action: 'hold', toStage: null })) as FlagdFlagSet;

/** A team's real flag file: other flags, shared evaluators and metadata around the flag. */
function realisticFile(flag: unknown): File {
  return {
    $schema: 'https://flagd.dev/schema/v0/flags.json',
    metadata: { flagSetId: 'shop', version: '42' },
    $evaluators: { isStaff: { in: ['@example.com', { var: 'email' }] } },
    flags: {
      'new-header': {
        state: 'ENABLED',
        variants: { on: true, off: false },
        defaultVariant: 'off',
        targeting: { if: [{ $ref: 'isStaff' }, 'on', null] },
      },
      [FLAG]: flag,
      'search-ranking': {
        state: 'DISABLED',
        variants: { classic: 'classic', semantic: 'semantic' },
        defaultVariant: 'classic',
      },
    },
  };
}

/** The stage's flag as teams write it by hand in the shapes flagd also accepts. */
function variantsOf(attribute: string, percent: number): Record<string, File> {
  const flag = flagdFlag(attribute, 'internal', percent);
  const isTenant = { '==': [{ var: attribute }, 'internal'] };
  const others = (on: string, off: string, bucket: boolean) =>
    percent <= 0
      ? off
      : {
          fractional: [
            ...(bucket ? [{ cat: [{ var: '$flagd.flagKey' }, { var: 'targetingKey' }] }] : []),
            [on, percent],
            [off, 100 - percent],
          ],
        };
  const targeted = (extra: object): FlagdFlag => ({ ...flag, ...extra }) as FlagdFlag;
  return {
    'Ensemble’s own export': ownExport(stageKey(percent)) as unknown as File,
    'Ensemble’s flag inside a real file': realisticFile(flag),
    'an extra tenant rule': realisticFile(
      targeted({
        defaultVariant: percent >= 100 ? 'on' : 'off',
        targeting: {
          if: [
            isTenant,
            'on',
            { '==': [{ var: attribute }, 'beta-co'] },
            'on',
            others('on', 'off', true),
          ],
        },
      }),
    ),
    '"true"/"false" variants': realisticFile({
      state: 'ENABLED',
      variants: { true: true, false: false },
      defaultVariant: percent >= 100 ? 'true' : 'false',
      ...(percent < 100 && {
        targeting: { if: [isTenant, 'true', others('true', 'false', true)] },
      }),
    }),
    // flagd's shorthand leaves out the bucketing expression (it defaults to flag key + targetingKey).
    ...(percent > 0 &&
      percent < 100 && {
        'shorthand fractional': realisticFile(
          targeted({ targeting: { if: [isTenant, 'on', others('on', 'off', false)] } }),
        ),
      }),
    'the array form of flags (flagd daemon)': {
      ...realisticFile(null),
      flags: [{ key: FLAG, ...flag }],
    },
  };
}

const STAGES: Record<number, string> = { 0: 'internal', 1: '1', 10: '10', 50: '50', 100: '100' };
const stageKey = (percent: number) => STAGES[percent]!;

/** What fast-json-patch makes of the patch: the new file, or refused (the file left as it was). */
function apply(file: File, patch: Operation[]): File | 'refused' {
  const before = JSON.stringify(file);
  try {
    return fastApply(file, patch as never, true, false).newDocument as File;
  } catch (error) {
    expect((error as { name: string }).name).toMatch(/TEST_OPERATION_FAILED|OPERATION_PATH/);
    expect(JSON.stringify(file)).toBe(before);
    return 'refused';
  }
}

/** The decided targeting, exactly: the tenant on, everyone else at the stage's share. */
function expectDecided(file: File, percent: number) {
  expect(flagdSchemaErrors(file)).toEqual([]);
  const flagd = loadFlagd(file);
  const on = (ctx: Record<string, unknown>) => flagd.on(FLAG, ctx);
  expect(on({ targetingKey: 'ana', tenant: 'internal' })).toBe(true);
  const share = shareOn(on);
  expect({ percent, share, close: closeTo(share, percent) }).toMatchObject({ close: true });
}

const MOVES: Array<[number, 'promote' | 'rollback', number]> = [
  [0, 'promote', 1],
  [1, 'promote', 10],
  [10, 'promote', 50],
  [50, 'promote', 100],
  [50, 'rollback', 0],
  [100, 'rollback', 0],
  [10, 'rollback', 0],
];

describe('flagd patch', () => {
  it('tests the whole previous flag, then replaces it: only a file in the state the decision assumed changes, and then exactly as decided', () => {
    for (const [from, action, to] of MOVES) {
      const model = withDecision(stageKey(from), { action, toStage: stageKey(to) });
      const patch = render('flagd-patch', model) as Operation[];
      expect(patch).toEqual([
        { op: 'test', path: `/flags/${FLAG}`, value: flagdFlag('tenant', 'internal', from) },
        { op: 'replace', path: `/flags/${FLAG}`, value: flagdFlag('tenant', 'internal', to) },
      ]);
      for (const [name, target] of Object.entries(variantsOf('tenant', from))) {
        const result = apply(target, patch);
        const expected = name.startsWith('Ensemble') ? 'applied' : 'refused';
        expect({
          move: `${from} → ${to}`,
          name,
          outcome: result === 'refused' ? result : 'applied',
        }).toEqual({ move: `${from} → ${to}`, name, outcome: expected });
        if (result === 'refused') continue;
        expectDecided(result, to);
        // Everything else in the file is as it was.
        const flags = result.flags as Record<string, unknown>;
        for (const [key, value] of Object.entries(target.flags as Record<string, unknown>))
          if (key !== FLAG) expect(flags[key]).toEqual(value);
        expect({ ...result, flags: null }).toEqual({ ...target, flags: null });
        // Applied again (a pipeline re-run), the flag is no longer where the decision found it.
        expect(apply(result, patch)).toBe('refused');
      }
    }
  });

  it('is applied by the export the decision itself produced: patching the previous file gives the new file’s flag', () => {
    const model = withDecision('10', { action: 'promote', toStage: '50' });
    const patched = apply(
      ownExport('10') as unknown as File,
      render('flagd-patch', model) as Operation[],
    );
    expect(patched).not.toBe('refused');
    expect((patched as FlagdFlagSet).flags).toEqual((render('flagd', model) as FlagdFlagSet).flags);
  });

  it('reports the failed test to rfc6902 users too (who must then discard the result, as RFC 6902 §5 says)', () => {
    const patch = render(
      'flagd-patch',
      withDecision('50', { action: 'rollback', toStage: 'internal' }),
    );
    const target = variantsOf('tenant', 50)['an extra tenant rule']!;
    const results = rfcApply(structuredClone(target), patch as Operation[]);
    expect(results[0]).toMatchObject({ name: 'TestError' });
    expect(rfcApply(structuredClone(ownExport('50')), patch as Operation[])).toEqual([null, null]);
  });

  it('for a hold or a draft only confirms the flag is where the record says, and changes nothing', () => {
    for (const decision of [{ action: 'hold' as const, toStage: null }, null]) {
      const patch = render('flagd-patch', withDecision('50', decision)) as Operation[];
      expect(patch).toEqual([
        { op: 'test', path: `/flags/${FLAG}`, value: flagdFlag('tenant', 'internal', 50) },
      ]);
      const own = ownExport('50') as unknown as File;
      expect(apply(own, patch)).toEqual(own);
      expect(apply(variantsOf('tenant', 50)['an extra tenant rule']!, patch)).toBe('refused');
      expect(apply(ownExport('10') as unknown as File, patch)).toBe('refused');
    }
  });

  it('points at flag keys with a slash as RFC 6901 escapes them', () => {
    const model = withDecision('internal', { action: 'promote', toStage: '1' });
    model.record.flag.key = 'shop/checkout-v2';
    const patch = render('flagd-patch', model) as Operation[];
    expect(patch.map((op) => op.path)).toEqual([
      '/flags/shop~1checkout-v2',
      '/flags/shop~1checkout-v2',
    ]);
    const target = { flags: { 'shop/checkout-v2': flagdFlag('tenant', 'internal', 0) } };
    const result = apply(target, patch);
    expect(result).not.toBe('refused');
    expect((result as File).flags).toEqual({
      'shop/checkout-v2': flagdFlag('tenant', 'internal', 1),
    });
  });
});
