/**
 * OpenFeature flagd: a bare flag-set file for the stage the decision leaves the flag at
 * (https://flagd.dev/reference/flag-definitions/, valid against flagd's published flags.json),
 * and an RFC 6902 JSON Patch that first `test`s the whole flag as the decision found it, then
 * `replace`s it: applied to a file in any other state, the patch fails instead of moving the
 * flag somewhere the decision did not ask.
 */
import type { Operation } from 'rfc6902';
import { ApiError } from '../../../shared/api/errors';
import { DEFAULT_PREFLIGHT_SETTINGS, tenantContext } from '../../../shared/domain/preflight';
import type { ReportModel } from '../../../shared/domain/record';
import { type ExportFile, filename } from './common';
import { plannedMove } from './rollout';

export const FLAGD_SCHEMA = 'https://flagd.dev/schema/v0/flags.json';

export type FlagdOptions = {
  /**
   * The evaluation-context attribute holding the tenant: the session's pre-flight setting, the
   * same one the pre-flight reads the flag with. A dot reads a nested attribute (json-logic).
   */
  contextAttribute?: string;
};

type JsonLogic = { [op: string]: unknown };
export type FlagdFlag = {
  state: 'ENABLED';
  variants: { on: true; off: false };
  defaultVariant: 'on' | 'off';
  targeting?: JsonLogic;
};
/** flagd's flag-set metadata: flat, string, number or boolean values only. */
export type FlagdMetadata = { [key: string]: string | number | boolean };
export type FlagdFlagSet = {
  $schema: typeof FLAGD_SCHEMA;
  metadata: FlagdMetadata;
  flags: { [key: string]: FlagdFlag };
};

/** Fractional weights must be integers: 12.5 % becomes 125 against 875. */
function weights(percent: number): [number, number] {
  let scale = 1;
  while (!Number.isInteger(Math.round(percent * scale * 1e6) / 1e6) && scale < 10_000) scale *= 10;
  const on = Math.round(percent * scale);
  return [on, 100 * scale - on];
}

/**
 * The flag at a stage: on for the tenant always; for everyone else a sticky `fractional` split
 * by flag key and targeting key at the stage's percentage. 0 % is the tenant only, 100 % is
 * everyone (no targeting left to evaluate). Nothing in it depends on the record, so the flag
 * Ensemble wrote for one decision is exactly the flag the next decision's patch tests for.
 */
export function flagdFlag(attribute: string, tenant: string, percent: number): FlagdFlag {
  const variants = { on: true, off: false } as const;
  if (percent >= 100) return { state: 'ENABLED', variants, defaultVariant: 'on' };
  const isTenant = { '==': [{ var: attribute }, tenant] };
  const [on, off] = weights(percent);
  const others =
    percent <= 0
      ? 'off'
      : {
          fractional: [
            { cat: [{ var: '$flagd.flagKey' }, { var: 'targetingKey' }] },
            ['on', on],
            ['off', off],
          ],
        };
  return {
    state: 'ENABLED',
    variants,
    defaultVariant: 'off',
    targeting: { if: [isTenant, 'on', others] },
  };
}

/** The flag's JSON Pointer (RFC 6901) in a flag-set file whose `flags` is an object. */
export const flagPointer = (flagKey: string) =>
  `/flags/${flagKey.replace(/~/g, '~0').replace(/\//g, '~1')}`;

/**
 * `test` the whole flag as the decision found it, then `replace` it (no replace for a hold or a
 * draft: the patch then only confirms the flag is where the record says). A JSON Patch library
 * applying it to a file in another state, with another rule or variant names, or with `flags` as
 * an array, fails at the `test` and must change nothing (RFC 6902 §5).
 */
export function flagdPatch(
  flagKey: string,
  previous: FlagdFlag,
  next: FlagdFlag | null,
): Operation[] {
  const path = flagPointer(flagKey);
  return [
    { op: 'test', path, value: previous },
    ...(next ? [{ op: 'replace' as const, path, value: next }] : []),
  ];
}

type Plan = {
  flagKey: string;
  attribute: string;
  previous: FlagdFlag;
  next: FlagdFlag | null;
  metadata: FlagdMetadata;
};

function plan(model: ReportModel, options: FlagdOptions): Plan {
  const r = model.record;
  const attribute = options.contextAttribute ?? DEFAULT_PREFLIGHT_SETTINGS.contextKey;
  const move = plannedMove(r);
  if (!move.from)
    throw new ApiError(
      'conflict',
      `The flag's current stage "${r.flag.currentStage}" is not among the session's stages, so there is no state to test the flag file against`,
    );
  const at = (percent: number) => flagdFlag(attribute, r.scope.tenantValue, percent);
  const leaves = move.change ? move.to : move.from;
  const example = tenantContext(attribute, '<tenant>');
  return {
    flagKey: r.flag.key,
    attribute,
    previous: at(move.from.percent),
    next: move.change ? at(move.to.percent) : null,
    // Served with every evaluation of the flag (flagd merges flag-set metadata into the flag's),
    // so only identifiers and the summary: the rationale and the session's title stay in the record.
    metadata: {
      managedBy: 'Ensemble',
      ensembleRecord: r.recordId,
      ensembleSession: r.session.id,
      ensembleStatus: r.status,
      ensembleDecision: move.summary,
      ensembleFromStage: move.from.key,
      ensembleStage: leaves.key,
      ensemblePercent: leaves.percent,
      ensembleContext: JSON.stringify({ targetingKey: '<user or request id>', ...example }),
    },
  };
}

/** The flag-set file as the decision leaves the flag: the whole file flagd loads. */
export function flagdFlagSet(model: ReportModel, options: FlagdOptions = {}): FlagdFlagSet {
  const p = plan(model, options);
  return {
    $schema: FLAGD_SCHEMA,
    metadata: p.metadata,
    flags: { [p.flagKey]: p.next ?? p.previous },
  };
}

export function renderFlagd(model: ReportModel, options: FlagdOptions = {}): ExportFile {
  return {
    filename: filename(model.record, 'flagd.json'),
    mime: 'application/json',
    content: `${JSON.stringify(flagdFlagSet(model, options), null, 2)}\n`,
  };
}

export function renderFlagdPatch(model: ReportModel, options: FlagdOptions = {}): ExportFile {
  const p = plan(model, options);
  return {
    filename: filename(model.record, 'flagd-patch.json'),
    mime: 'application/json-patch+json',
    content: `${JSON.stringify(flagdPatch(p.flagKey, p.previous, p.next), null, 2)}\n`,
  };
}
