import fs from 'node:fs/promises';
import { FlagdCore } from '@openfeature/flagd-core';
import type { EvaluationContext } from '@openfeature/server-sdk';
import type { FlagSystem } from '../../../shared/domain/preflight';
import { readOfrep } from './ofrep';
import { readPosthog } from './posthog';
import { readUnleash } from './unleash';

/** A flag file larger than this is refused unread (flagd's own files are kilobytes). */
export const MAX_FLAG_FILE = 2 * 1024 * 1024;

/** The flag for one context: on or off, or why it could not be evaluated. */
export type Evaluation = { on: boolean; detail: string } | { error: string };
/** The flag for every context asked, or why the flag system could not be read at all. */
export type FlagReading =
  { ok: true; results: Evaluation[] } | { ok: false; error: string; retryAfterMs?: number };

const quiet = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {} };

/** Evaluate a boolean flag for each context in the flag system the session names. */
export async function readFlag(
  system: FlagSystem,
  token: string | null,
  flagKey: string,
  contextKey: string,
  contexts: readonly EvaluationContext[],
): Promise<FlagReading> {
  if (system.kind === 'flagd-file') return readFlagdFile(system.path, flagKey, contexts);
  if (system.kind === 'ofrep') return readOfrep(system.baseUrl, token, flagKey, contexts);
  if (system.kind === 'unleash')
    return readUnleash(system.url, token, flagKey, contextKey, contexts);
  if (system.kind === 'posthog') return readPosthog(system, token, flagKey, contextKey, contexts);
  return { ok: false, error: 'No flag system is set up for this session' };
}

async function readFlagdFile(
  file: string,
  flagKey: string,
  contexts: readonly EvaluationContext[],
): Promise<FlagReading> {
  let text: string;
  try {
    const handle = await fs.open(file, 'r');
    try {
      const { size } = await handle.stat();
      if (size > MAX_FLAG_FILE)
        return { ok: false, error: `The flag file ${file} is larger than 2 MB` };
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    return {
      ok: false,
      error: `The flag file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    };
  }
  const core = new FlagdCore(undefined, quiet);
  try {
    core.setConfigurations(text);
  } catch {
    return { ok: false, error: `${file} is not a valid flagd flag file` };
  }
  return {
    ok: true,
    results: contexts.map((context) => {
      const r = core.resolveBooleanEvaluation(flagKey, false, context, quiet);
      if (r.errorCode) return { error: `${r.errorCode}: ${r.errorMessage ?? ''}`.trim() };
      return { on: r.value, detail: `${r.variant ?? 'default'} (${r.reason ?? 'UNKNOWN'})` };
    }),
  };
}
