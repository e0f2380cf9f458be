import {
  SourceInput,
  type FeedSettings,
  type FeedSource,
  type ParsedSourceInput,
  type Tenancy,
} from '../../../../shared/domain/feeds';
import { ApiError } from '../../../../shared/api/errors';
import { createBoundary, type Boundary } from '../../boundary';
import type { Db } from '../../db/database';
import { newId } from '../../db/ids';
import type { Repos } from '../../repos';
import type { SecretStore } from '../../secrets/store';
import type { FeedPipeline } from '../store/pipeline';
import { BASELINE_MS } from '../query/query';
import { createGapRepo } from './pull/gaps';
import {
  newLocalMemory,
  noLines,
  startLocalSource,
  tenancyWarning,
  type LocalMemory,
  type LocalSourceSpec,
} from './local/localSource';
import type { Runner, SourceState } from './local/runners';
import { describeTarget, lokiScopeError, startPullSource } from './pullSource';
import { createSourceRepo, type SourceRow } from './repo';
import { writeTransaction } from '../../db/write';

/** A source with its session's tenant and feed settings. */
type Row = SourceRow & { tenantId: string; settings: FeedSettings };
type Config = Omit<ParsedSourceInput, 'kind' | 'name' | 'credentials'>;

const secretKey = (id: string) => `source:${id}`;

const still = (status: SourceState['status'], detail: string): Runner => {
  const state: SourceState = { status, detail, lastEventAt: null };
  return { stop: () => undefined, state: () => ({ ...state }) };
};
const failed = (detail: string) => still('error', detail);
const isLocal = (kind: string): kind is 'command' | 'file' => kind === 'command' || kind === 'file';

/**
 * The sources Ensemble runs itself — commands, log files and APIs it polls — for live sessions:
 * started when a session runs, stopped when it ends (and when the host stops). A command's or
 * file's lines are the session's only when they name its tenant, or name none in a source the
 * facilitator declared single-tenant (see startLocalSource); an API's query is scoped to the
 * tenant by Ensemble. Credentials of pull sources live in the secret store, never in the
 * database or an answer.
 */
export function createOwnSources(
  db: Db,
  repos: Pick<Repos, 'sessions' | 'feeds'>,
  pipeline: FeedPipeline,
  secrets: SecretStore,
  now: () => number,
  /**
   * A source started, stopped or changed status, or a gap opened or closed (an outage began or
   * ended): its session's screens reload the feed's status.
   */
  onChanged: (sessionId: string) => void = () => {},
  /** Where an unexpected error in a timer or a callback of a source goes (see boundary.ts). */
  boundary: Pick<Boundary, 'guard'> = createBoundary({ log: console.error, emit: () => {} }),
) {
  const runners = new Map<string, Runner>();
  // The source and gap tables are this module's own; sessions and stored events are read
  // through the host's repositories.
  const gaps = createGapRepo(db);
  const sources = createSourceRepo(db);
  const { sessions } = repos;
  /** A source with its session's tenant and settings; undefined when either is gone. */
  const withSession = (r: SourceRow | undefined): Row | undefined => {
    const session = r && sessions.get(r.session_id);
    if (!r || !session) return undefined;
    return { ...r, tenantId: session.tenantId, settings: sessions.feedSettings(r.session_id) };
  };
  const byId = (id: string) => withSession(sources.get(id));
  /** Enabled sources of the sessions running or paused now. */
  const live = () =>
    sources
      .enabledOf([...sessions.idsWithStatus('running'), ...sessions.idsWithStatus('paused')])
      .flatMap((r) => withSession(r) ?? []);
  /** Whether an enabled source's session has ended. */
  const sessionEnded = (id: string) => {
    const r = sources.get(id);
    return r?.enabled === 1 && sessions.get(r.session_id)?.status === 'ended';
  };
  /** Runners reading their last window after their session ended. */
  const finishing = new Set<Runner>();
  /**
   * Counts and remembered lines of commands and files, across their runs while their session
   * lives. Once it has ended only the counts stay (the lines a command printed, 8 MB of
   * them, are forgotten: it never runs again); a source that is gone is forgotten whole.
   */
  const memories = new Map<string, LocalMemory>();
  function forgetFinished() {
    for (const [id, memory] of memories) {
      if (runners.has(id)) continue;
      const r = sources.get(id);
      const status = r && sessions.get(r.session_id)?.status;
      if (!status) memories.delete(id);
      else if (status === 'ended') memory.repeats.release();
    }
  }
  const memoryOf = (id: string) => {
    let m = memories.get(id);
    if (!m) {
      memories.set(id, (m = newLocalMemory()));
      // The host started again: what the command stored before is known by its lines' times.
      const r = sources.get(id);
      if (r?.kind === 'command' && r.cursor !== null) m.repeats.seed(r.cursor);
    }
    return m;
  };
  const config = (r: Row) => JSON.parse(r.config) as Config & Record<string, unknown>;
  const localSpec = (r: Row): LocalSourceSpec | null => {
    if (!isLocal(r.kind)) return null;
    const c = config(r);
    return {
      id: r.id,
      kind: r.kind,
      target: String(r.kind === 'command' ? c.command : c.path),
      // Only a value this version wrote is trusted; anything else is the safe reading.
      tenancy: c.tenancy === 'single' ? 'single' : 'multi',
      restartOnExit: c.restartOnExit === true,
      tenant: r.tenantId,
      tenantKey: r.settings.tenantKey,
    };
  };

  const view = (r: Row): FeedSource => {
    const s: SourceState = runners.get(r.id)?.state() ?? {
      status: r.finished_at !== null && r.enabled ? 'finished' : 'off',
      detail: !r.enabled
        ? 'Disabled'
        : r.finished_at !== null
          ? 'Finished: the command exited with code 0'
          : 'Starts when the session runs',
      lastEventAt: null,
    };
    const spec = localSpec(r);
    // Listing a source remembers nothing for it: counts start at zero until it reads a line.
    const lines = spec ? { ...(memories.get(r.id)?.counts ?? noLines()) } : null;
    return {
      id: r.id,
      sessionId: r.session_id,
      kind: r.kind,
      name: r.name,
      target: describeTarget(r.kind, config(r), r.tenantId, r.settings),
      enabled: r.enabled === 1,
      hasCredentials: secrets.has(secretKey(r.id)),
      ...s,
      tenancy: spec?.tenancy ?? null,
      restartOnExit: spec?.restartOnExit ?? false,
      lines,
      warning: spec && tenancyWarning(spec, lines),
    };
  };

  function start(r: Row): Runner {
    const { settings } = r;
    const c = config(r);
    if (isLocal(r.kind)) {
      const spec = localSpec(r)!;
      if (r.finished_at !== null)
        return still('finished', 'Finished: the command exited with code 0');
      return startLocalSource(
        spec,
        memoryOf(r.id),
        pipeline,
        now,
        boundary.guard('Recording that a command finished', () => sources.finished(r.id, now())),
      );
    }
    // An API's query names the tenant (Ensemble scopes it): its events are the session's.
    const deliver = (events: Parameters<FeedPipeline['ingest']>[1]) => {
      for (const event of events)
        if (event.attributes[settings.tenantKey] === undefined)
          event.attributes[settings.tenantKey] = r.tenantId;
      return pipeline.ingest(r.kind, events);
    };
    let credentials: unknown;
    try {
      credentials = secrets.get(secretKey(r.id));
    } catch (error) {
      return failed(`${(error as Error).message}; remove the source and add it again`);
    }
    const source = { sessionId: r.session_id, sourceId: r.id, sourceName: r.name };
    const changed = <T>(result: T): T => {
      onChanged(r.session_id);
      return result;
    };
    const from = r.cursor ?? now() - BASELINE_MS;
    return startPullSource({
      kind: r.kind,
      name: r.name,
      config: c,
      credentials,
      tenant: r.tenantId,
      settings,
      now,
      from,
      saveCursor: (from) => sources.saveCursor(r.id, from),
      deliver: (events) => void deliver(events),
      stored: () => pipeline.drained(),
      storedKeys: storedKeys(r.tenantId, r.kind, from - 60_000),
      gaps: {
        current: () => {
          const open = gaps.openFor(r.id);
          return open && { id: open.id, from: open.from_time };
        },
        open: (from, reason) => changed(gaps.open({ ...source, from, reason })),
        update: (id, reason) => void gaps.update(id, reason),
        close: (id, to, backfilled) => changed(void gaps.close(id, to, backfilled)),
        skipped: (from, to, reason) => changed(void gaps.add({ ...source, from, to, reason })),
      },
    });
  }

  /** Credentials of sources that are gone (their session deleted) are deleted too. */
  function sweepSecrets() {
    for (const key of secrets.keys())
      if (key.startsWith('source:') && !sources.get(key.slice(7))) secrets.delete(key);
  }

  /** What this kind of source already stored since `since`, by the key its API gave each event. */
  function storedKeys(tenant: string, kind: string, since: number) {
    pipeline.flush(); // what is queued counts as stored
    return repos.feeds.storedPullKeys(tenant, kind, since);
  }

  /**
   * What each running source showed last (its status, and its warning for a command or file),
   * so that a change is announced once.
   */
  const shown = new Map<
    string,
    { sessionId: string; status: string; warning: string | null; spec: LocalSourceSpec | null }
  >();
  let watching: ReturnType<typeof setInterval> | null = null;
  function announceChanges() {
    for (const [id, runner] of runners) {
      const entry = shown.get(id);
      if (!entry) continue;
      const status = runner.state().status;
      // A warning appears as lines arrive, after the status went to "running": announced too.
      const warning = entry.spec && tenancyWarning(entry.spec, memoryOf(id).counts);
      if (entry.status !== status || entry.warning !== warning) {
        entry.status = status;
        entry.warning = warning;
        onChanged(entry.sessionId);
      }
    }
  }

  function sync() {
    const wanted = new Map(live().map((r) => [r.id, r]));
    for (const [id, runner] of runners) {
      if (wanted.has(id)) continue;
      runners.delete(id);
      const entry = shown.get(id);
      shown.delete(id);
      if (entry) onChanged(entry.sessionId);
      // At the end of a session a pull source reads up to the end before it stops.
      const ended = sessionEnded(id);
      if (ended && runner.finish) {
        finishing.add(runner);
        runner.finish();
      } else runner.stop();
    }
    for (const r of finishing) if (r.state().status === 'off') finishing.delete(r);
    forgetFinished();
    for (const [id, r] of wanted) {
      if (runners.has(id)) continue;
      runners.set(id, start(r));
      // 'off' until now: the first look announces that it started (or could not).
      shown.set(id, { sessionId: r.session_id, status: 'off', warning: null, spec: localSpec(r) });
    }
    if (runners.size > 0 && !watching) {
      // Runners change status on their own (a file appears, a command exits, an API answers).
      watching = setInterval(boundary.guard('Watching the feed sources', announceChanges), 500);
      watching.unref();
    }
    announceChanges();
  }

  return {
    sync,
    sweepSecrets,

    gaps: (sessionId: string, from: number, to: number) => gaps.list(sessionId, from, to),
    list: (sessionId: string) =>
      sources
        .list(sessionId)
        .flatMap((r) => withSession(r) ?? [])
        .map(view),
    get: (id: string) => {
      const r = byId(id);
      return r && view(r);
    },
    add(sessionId: string, tenant: string, input: unknown): FeedSource {
      const parsed = SourceInput.parse(input);
      if (parsed.kind === 'loki') {
        const message = lokiScopeError(parsed.query, tenant);
        if (message) throw ApiError.field('source.query', message);
      }
      const id = newId();
      const { kind, name, ...rest } = parsed;
      const { credentials, ...stored } = rest as typeof rest & { credentials?: unknown };
      writeTransaction(db, () => {
        sources.insert({ id, sessionId, kind, name, config: stored, at: now() });
        // Inside the transaction: if the secret cannot be written, no source without it remains.
        if (credentials !== undefined) secrets.set(secretKey(id), credentials);
      });
      sync();
      return view(byId(id)!);
    },
    remove(id: string) {
      runners.get(id)?.stop();
      runners.delete(id);
      shown.delete(id);
      memories.delete(id);
      sources.remove(id);
      secrets.delete(secretKey(id));
      sync();
    },
    setEnabled(id: string, enabled: boolean) {
      sources.setEnabled(id, enabled);
      // Turned on again after it finished: it runs anew.
      if (enabled && runners.get(id)?.state().status === 'finished') runners.delete(id);
      sync();
    },
    /**
     * Declare a command or file multi- or single-tenant. A running one starts reading anew under
     * the new rule; lines it already read are not read again (they are remembered as seen).
     */
    setTenancy(id: string, tenancy: Tenancy) {
      const r = sources.get(id);
      if (!r || !isLocal(r.kind))
        throw ApiError.field('tenancy', 'Only commands and log files are multi- or single-tenant');
      sources.saveConfig(id, { ...(JSON.parse(r.config) as object), tenancy });
      runners.get(id)?.stop();
      runners.delete(id);
      sync();
    },
    stop() {
      if (watching) clearInterval(watching);
      watching = null;
      for (const r of [...runners.values(), ...finishing]) r.stop();
      runners.clear();
      shown.clear();
      finishing.clear();
    },
  };
}
export type OwnSources = ReturnType<typeof createOwnSources>;
