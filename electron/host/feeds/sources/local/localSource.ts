import type { LineCounts, Tenancy } from '../../../../../shared/domain/feeds';
import { OverloadedError, type FeedPipeline } from '../../store/pipeline';
import { parseLogLine } from './parseLine';
import { createRepeatFilter } from './repeats';
import { runCommand, tailFile, type Runner } from './runners';

/** What one command or file source keeps between its runs (for as long as the host runs). */
export type LocalMemory = { counts: LineCounts; repeats: ReturnType<typeof createRepeatFilter> };

export const newLocalMemory = (): LocalMemory => ({
  counts: { read: 0, stored: 0, otherTenant: 0, noTenant: 0, repeated: 0 },
  repeats: createRepeatFilter(),
});

export type LocalSourceSpec = {
  kind: 'command' | 'file';
  /** The command to run or the file to follow. */
  target: string;
  tenancy: Tenancy;
  restartOnExit: boolean;
  /** The session's tenant and the key its lines name it under. */
  tenant: string;
  tenantKey: string;
};

/**
 * A command or a file whose lines become the session's events. The tenant decision is made here,
 * before the pipeline: a line naming another tenant is counted and dropped; a line naming none is
 * the session's only in a single-tenant source. Lines a restarted command prints again are
 * recognised and skipped.
 */
export function startLocalSource(
  spec: LocalSourceSpec,
  memory: LocalMemory,
  pipeline: Pick<FeedPipeline, 'ingest'>,
  now: () => number,
  onFinished: () => void,
): Runner {
  const { counts, repeats } = memory;
  const onLine = (line: string) => {
    const at = now();
    const event = parseLogLine(line, at, spec.kind, spec.tenantKey);
    if (!event) return;
    // Only a command is run again; a file is followed once.
    if (spec.kind === 'command' && repeats.seen(line, event.time === at ? null : event.time)) {
      counts.repeated++;
      return;
    }
    counts.read++;
    if (event.tenant ? event.tenant !== spec.tenant : spec.tenancy === 'multi') {
      if (event.tenant) counts.otherTenant++;
      else counts.noTenant++;
      return;
    }
    event.tenant = '';
    event.attributes[spec.tenantKey] = spec.tenant;
    try {
      counts.stored += pipeline.ingest(spec.kind, [event]).accepted;
    } catch (error) {
      if (!(error instanceof OverloadedError)) throw error;
    }
  };
  if (spec.kind === 'file') return tailFile(spec.target, onLine);
  repeats.restart(); // a source started again (tenancy changed, turned off and on) is a new run
  return runCommand(spec.target, onLine, {
    restartOnExit: spec.restartOnExit,
    onRestart: () => repeats.restart(),
    onFinished,
  });
}

/** Lines arrive but none names a tenant: most likely a single-tenant source not declared so. */
export function tenancyWarning(spec: LocalSourceSpec, counts: LineCounts | null): string | null {
  if (spec.tenancy !== 'multi' || !counts || counts.noTenant === 0) return null;
  if (counts.stored > 0 || counts.otherTenant > 0) return null;
  const what = spec.kind === 'command' ? 'this command only reads' : 'this file only holds';
  return `Lines arrive but none names a tenant, so none is stored: switch to single-tenant if ${what} the ${spec.tenant} tenant`;
}
