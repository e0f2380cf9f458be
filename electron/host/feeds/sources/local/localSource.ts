import type { LineCounts, RawFeedEvent, Tenancy } from '../../../../../shared/domain/feeds';
import { saneTime } from '../../store/limits';
import { OverloadedError, type FeedPipeline } from '../../store/pipeline';
import type { SourceMark } from '../../store/writes';
import { parseLogLine } from './parseLine';
import { createRepeatFilter } from './repeats';
import { quickVerdict } from './tenantNamed';
import { runCommand, tailFile, type Runner } from './runners';

const BATCH = 500;

/** What one command or file source keeps between its runs (for as long as the host runs). */
export type LocalMemory = { counts: LineCounts; repeats: ReturnType<typeof createRepeatFilter> };

export const noLines = (): LineCounts => ({
  read: 0,
  stored: 0,
  otherTenant: 0,
  noTenant: 0,
  repeated: 0,
});

export const newLocalMemory = (): LocalMemory => ({
  counts: noLines(),
  repeats: createRepeatFilter(),
});

export type LocalSourceSpec = {
  id: string;
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
  pipeline: Pick<FeedPipeline, 'ingest' | 'room'>,
  now: () => number,
  onFinished: () => void,
): Runner {
  const { counts, repeats } = memory;
  // Lines go to the pipeline in small batches (one call per line costs more than the line), at
  // the latest on the next turn of the event loop. When the store is behind, reading pauses
  // until half the queue is free again: no line is lost to a full queue, and the writer is
  // never left idle while the reader starts up again.
  let batch: RawFeedEvent[] = [];
  /** The newest time a line of the batch carries itself (see SourceMark): -Infinity for none. */
  let newest = -Infinity;
  let scheduled = false;
  let waiting = false;
  let runner: Runner | null = null;
  let stopped = false;
  const send = () => {
    scheduled = false;
    if (waiting || batch.length === 0 || stopped) return;
    const events = batch;
    batch = [];
    try {
      const mark: SourceMark | undefined = newest > -Infinity ? [spec.id, newest] : undefined;
      counts.stored += pipeline.ingest(spec.kind, events, mark).accepted;
      newest = -Infinity;
    } catch (error) {
      if (!(error instanceof OverloadedError)) throw error;
      batch = events.concat(batch);
      waiting = true;
      runner?.pause?.();
      void pipeline.room().then(() => {
        waiting = false;
        send();
        if (!waiting) runner?.resume?.();
      });
    }
  };
  const queue = (event: RawFeedEvent, ownTime: number | null) => {
    batch.push(event);
    if (ownTime !== null && ownTime > newest) newest = ownTime;
    if (batch.length >= BATCH) send();
    else if (!scheduled) {
      scheduled = true;
      setImmediate(send);
    }
  };
  const onLine = (line: string) => {
    if (stopped) return; // a stopped source reads nothing more (nor remembers it)
    // A multi-tenant source drops most lines: those it can tell without parsing skip the parse.
    const verdict =
      spec.tenancy === 'multi' ? quickVerdict(line, spec.tenantKey, spec.tenant) : null;
    if (verdict) {
      counts.read++;
      if (verdict === 'other') counts.otherTenant++;
      else counts.noTenant++;
      return;
    }
    const at = now();
    const event = parseLogLine(line, at, spec.kind, spec.tenantKey, spec.tenant);
    if (!event) return;
    if (event.tenant ? event.tenant !== spec.tenant : spec.tenancy === 'multi') {
      counts.read++;
      if (event.tenant) counts.otherTenant++;
      else counts.noTenant++;
      return;
    }
    // Only a command is run again; a file is followed once. Only lines that would be stored are
    // remembered: the ring holds what must not be stored twice, and a dropped line printed again
    // is simply counted again (hashing the three quarters of a busy multi-tenant source's
    // lines that are dropped cost more than parsing the quarter kept).
    const ownTime = event.time === at || !saneTime(event.time, at) ? null : event.time;
    if (spec.kind === 'command' && repeats.seen(line, ownTime)) {
      counts.repeated++;
      return;
    }
    counts.read++;
    event.tenant = '';
    event.attributes[spec.tenantKey] = spec.tenant;
    queue(event, spec.kind === 'command' ? ownTime : null);
  };
  if (spec.kind === 'file') runner = tailFile(spec.target, onLine);
  else {
    repeats.restart(); // a source started again (tenancy changed, turned off and on) is a new run
    runner = runCommand(spec.target, onLine, {
      restartOnExit: spec.restartOnExit,
      onRestart: () => repeats.restart(),
      onFinished,
    });
  }
  const inner = runner;
  return {
    ...inner,
    stop() {
      send(); // what was read before the stop is the source's
      stopped = true;
      inner.stop();
    },
  };
}

/** Lines arrive but none names a tenant: most likely a single-tenant source not declared so. */
export function tenancyWarning(spec: LocalSourceSpec, counts: LineCounts | null): string | null {
  if (spec.tenancy !== 'multi' || !counts || counts.noTenant === 0) return null;
  if (counts.stored > 0 || counts.otherTenant > 0) return null;
  const what = spec.kind === 'command' ? 'this command only reads' : 'this file only holds';
  return `Lines arrive but none names a tenant, so none is stored: switch to single-tenant if ${what} the ${spec.tenant} tenant`;
}
