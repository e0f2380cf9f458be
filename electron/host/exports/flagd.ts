/**
 * OpenFeature flagd: the flag definition for the chosen stage (https://flagd.dev/reference/flag-definitions/)
 * and the RFC 6902 JSON Patch from the definition at the current stage to it.
 */
import { createPatch, type Operation } from 'rfc6902';
import type { ReportModel } from '../../../shared/domain/record';
import { type ExportFile, filename } from './common';
import { payloadHead, plannedMove } from './rollout';

export const FLAGD_SCHEMA = 'https://flagd.dev/schema/v0/flags.json';

export type FlagdOptions = {
  /** The evaluation-context attribute holding the tenant; the record's tenant key by default. */
  contextAttribute?: string;
};

type JsonLogic = { [op: string]: unknown };
export type FlagdDefinition = {
  $schema: typeof FLAGD_SCHEMA;
  flags: {
    [key: string]: {
      state: 'ENABLED';
      variants: { on: true; off: false };
      defaultVariant: 'on' | 'off';
      targeting?: JsonLogic;
    };
  };
};

/** Fractional weights must be integers: 12.5 % becomes 125 against 875. */
function weights(percent: number): [number, number] {
  let scale = 1;
  while (!Number.isInteger(Math.round(percent * scale * 1e6) / 1e6) && scale < 10_000) scale *= 10;
  const on = Math.round(percent * scale);
  return [on, 100 * scale - on];
}

/**
 * The flag for a stage: on for the tenant always; for everyone else a sticky `fractional` split
 * by flag key and targeting key at the stage's percentage. 0 % is the tenant only, 100 % is
 * everyone (no targeting left to evaluate).
 */
export function flagdDefinition(
  flagKey: string,
  attribute: string,
  tenant: string,
  percent: number,
): FlagdDefinition {
  if (percent >= 100)
    return {
      $schema: FLAGD_SCHEMA,
      flags: {
        [flagKey]: { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on' },
      },
    };
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
    $schema: FLAGD_SCHEMA,
    flags: {
      [flagKey]: {
        state: 'ENABLED',
        variants: { on: true, off: false },
        defaultVariant: 'off',
        targeting: { if: [isTenant, 'on', others] },
      },
    },
  };
}

/** flagd reads a dotted `var` as a path: tenant.id is { "tenant": { "id": … } } in the context. */
function contextExample(attribute: string, tenant: string) {
  const parts = attribute.split('.');
  let value: unknown = tenant;
  for (const part of parts.reverse()) value = { [part]: value };
  return { targetingKey: '<user or request id>', ...(value as object) };
}

export type FlagdPayload = ReturnType<typeof payloadHead> & {
  contextAttribute: string;
  evaluationContext: object;
  contextNote: string;
  previous: FlagdDefinition | null;
  definition: FlagdDefinition | null;
  patch: Operation[];
};

export function flagdPayload(model: ReportModel, options: FlagdOptions = {}): FlagdPayload {
  const r = model.record;
  const attribute = options.contextAttribute ?? r.scope.tenantKey;
  const move = plannedMove(r);
  const at = (percent: number) =>
    flagdDefinition(r.flag.key, attribute, r.scope.tenantValue, percent);
  const previous = move.from ? at(move.from.percent) : null;
  const definition = move.change ? at(move.to.percent) : previous;
  return {
    ...payloadHead(r, move),
    contextAttribute: attribute,
    evaluationContext: contextExample(attribute, r.scope.tenantValue),
    contextNote: `The tenant is read from ${attribute} in the evaluation context${attribute.includes('.') ? ', which flagd reads as a path (see evaluationContext)' : ''}; users are split by targetingKey.`,
    previous,
    definition,
    patch: move.change && previous && definition ? createPatch(previous, definition) : [],
  };
}

export function renderFlagd(model: ReportModel, options: FlagdOptions = {}): ExportFile {
  return {
    filename: filename(model.record, 'flagd.json'),
    mime: 'application/json',
    content: `${JSON.stringify(flagdPayload(model, options), null, 2)}\n`,
  };
}
