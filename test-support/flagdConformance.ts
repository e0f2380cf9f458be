/**
 * flagd as its consumers see a flag file: flagd's published schemas (flagd-schemas.md) through
 * ajv, and flagd-core's own loader and evaluator.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FlagdCore, MemoryStorage } from '@openfeature/flagd-core';
import { Ajv } from 'ajv';
import type { ReportModel } from '../shared/domain/record';
import { fixtureModel } from './reportFixture';

const read = (name: string) =>
  JSON.parse(
    fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), name), 'utf8'),
  ) as object;

const ajv = new Ajv({ allErrors: true, strict: false });
// targeting.json first, under its own $id, so that flags.json's "./targeting.json" resolves.
ajv.addSchema(read('flagd-targeting.schema.json'));
const validate = ajv.compile(read('flagd-flags.schema.json'));

/** The published schema's complaints about a flag-set file: empty when it is valid. */
export function flagdSchemaErrors(file: unknown): string[] {
  if (validate(file)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

const quiet = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {} };

/**
 * A flag-set file loaded as flagd loads it (strict validation: an invalid file throws), with
 * how many flags it holds and a boolean evaluation of one of them. An evaluation error throws.
 */
export function loadFlagd(file: unknown) {
  // FlagdCore.setConfigurations drops the strict flag; its storage takes it.
  const storage = new MemoryStorage(quiet);
  storage.setConfigurations(JSON.stringify(file), true);
  const core = new FlagdCore(storage, quiet);
  return {
    flagCount: core.getFlags().size,
    /** A user the stage's split leaves off when the context names no tenant. */
    userLeftOff(flagKey: string): string {
      for (let i = 0; i < 10_000; i++)
        if (!this.on(flagKey, { targetingKey: `u${i}` })) return `u${i}`;
      throw new Error(`${flagKey} is on for everyone`);
    },
    on(flagKey: string, context: Record<string, unknown>): boolean {
      const r = core.resolveBooleanEvaluation(flagKey, false, context as never, quiet);
      if (r.errorCode) throw new Error(`${r.errorCode}: ${r.errorMessage ?? ''}`);
      return r.value;
    },
  };
}

/** The report fixture with the flag at `from` and the given decision (null: a draft). */
export function withDecision(
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

/** The share of `n` users of other tenants that get the flag. */
export function shareOn(on: (ctx: Record<string, unknown>) => boolean, n = 10_000) {
  let count = 0;
  for (let i = 0; i < n; i++)
    if (on({ targetingKey: `user-${i}`, tenant: `tenant-${i % 97}` })) count++;
  return count / n;
}

/** Within four standard deviations of the stage's share over n keys (exact at 0 and 100 %). */
export const closeTo = (share: number, percent: number, n = 10_000) =>
  Math.abs(share - percent / 100) <= 4 * Math.sqrt(((percent / 100) * (1 - percent / 100)) / n);
