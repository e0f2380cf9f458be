import type { ApiEnvelope } from '../../shared/api/errors';
import type { ArgsOf, MethodName, ResultOf } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { dispatch, type DispatchOptions } from './api/dispatch';
import type { Caller, HostContext, Person } from './context';
import { createTestClock, systemClock, type Clock } from './clock';
import { createFeedPipeline } from './feeds/store/pipeline';
import { createLiveThrottle } from './feeds/live/liveThrottle';
import { createOwnSources } from './feeds/sources/manager';
import { createSecretStore, type SecretCipher } from './secrets/store';
import { purgeFeeds } from './feeds/store/retention';
import { createWatchList } from './feeds/store/watchList';
import { createOriginList } from './feeds/ingest/origins';
import { createRunEngine } from './run/engine';
import { runSnapshot } from './run/service';
import { openDatabase } from './db/database';
import { createBoundary } from './boundary';
import { createEventBus } from './events';
import { createRepos } from './repos';
import { createJoinDesk } from './links/joinDesk';
import { createFinishingDesk, graceOf } from './notes/finishing';
import { identify } from './links/tokens';
import { mayReceive } from './links/audience';
import { joinStatus, requestJoin } from './links/intake';
import { fixedSharing, type SharingControl } from './links/sharing';
import type { HostEvent } from '../../shared/api/events';
import { tokenKey } from './preflight/checks';
import { APP_VERSION } from './version';

const SHUTTING_DOWN: ApiEnvelope<never> = {
  ok: false,
  error: { code: 'unavailable', message: 'Ensemble is shutting down' },
};

/** At most this many events of one batch go to the live view; all of them are stored. */
const LIVE_LIMIT = 300;

export type HostMode = HostContext['info']['mode'];

export type HostOptions = {
  dataDir: string;
  /**
   * `cli` reads and renders only: the database is opened read-only (no migration), and no
   * rotation timers, sources, purging or credential sweeps run.
   */
  mode: HostMode;
  nativeBinding?: string;
  /** A host clock that tests can move forward (web mode --test-clock). */
  testClock?: boolean | 'frozen';
  clock?: Clock;
  /** Seals pull-source credentials at rest (the desktop app: the OS keychain via safeStorage). */
  secretCipher?: SecretCipher;
  /** The feed writer thread's script (tests build one); by default the bundled one, if any. */
  writerScript?: string | null;
  /** How the shell restarts the host (to apply a restore); absent: it cannot. */
  restart?: () => void;
} & DispatchOptions;

/**
 * The plain-Node host: store, repositories, handlers, timers and events, with no transport
 * attached. Production code starts it through startHost() (start.ts), which adds the receivers
 * and closes everything in order; tests may compose it directly.
 */
export function createHost(options: HostOptions) {
  const passive = options.mode === 'cli';
  const db = openDatabase(options.dataDir, {
    nativeBinding: options.nativeBinding,
    readonly: passive,
  });
  const bus = createEventBus();
  const boundary = createBoundary({ log: options.log ?? console.error, emit: bus.emit });
  const testClock = options.testClock
    ? createTestClock({ frozen: options.testClock === 'frozen' })
    : null;
  const clock = options.clock ?? testClock ?? systemClock;
  // Every repository is prepared once, here, and handed to whoever reads or writes its tables.
  const repos = createRepos(db);
  const announce = (sessionId: string) =>
    bus.emit({
      event: 'run.changed',
      payload: { sessionId, snapshot: runSnapshot(context, sessionId) },
    });
  const watchList = createWatchList(repos.sessions, () => clock.now());
  const originList = createOriginList(repos.sessions, () => clock.now());
  bus.subscribe(
    (e) => e.event === 'sessions.changed' && (watchList.invalidate(), originList.invalidate()),
  );
  const live = createLiveThrottle(
    (payload) => bus.emit({ event: 'feeds.events', payload }),
    LIVE_LIMIT,
  );
  const feeds = createFeedPipeline({
    db,
    repo: repos.feeds,
    nativeBinding: options.nativeBinding,
    writerScript: options.writerScript,
    now: () => clock.now(),
    watches: watchList.watches,
    liveLimit: LIVE_LIMIT,
    onStored: (events, thinned) => {
      // The pipeline already thinned the live view to the last LIVE_LIMIT events of each tenant
      // in the batch (storage keeps everything): each tenant's go on, with what was left out, at
      // most four times a second (see liveThrottle.ts).
      const byTenant = new Map<string, typeof events>();
      for (const e of events) {
        const list = byTenant.get(e.tenant);
        if (list) list.push(e);
        else byTenant.set(e.tenant, [e]);
      }
      for (const [tenant, list] of byTenant) live.add(tenant, list, thinned[tenant] ?? 0);
    },
  });
  const secrets = createSecretStore(options.dataDir, options.secretCipher);
  const sources = createOwnSources(
    db,
    repos,
    feeds,
    secrets,
    () => clock.now(),
    (sessionId) => bus.emit({ event: 'feeds.sourcesChanged', payload: { sessionId } }),
    boundary,
  );
  if (!passive) boundary.run('Removing unused source credentials', sources.sweepSecrets);
  bus.subscribe((e) => {
    if (e.event !== 'sessions.changed' || e.payload.change !== 'deleted') return;
    finishing.forget(e.payload.sessionId);
    // A deleted session's sources stop, and their credentials go.
    boundary.run('Stopping the feed sources', sources.sync);
    boundary.run('Removing unused source credentials', sources.sweepSecrets);
    boundary.run('Removing the pre-flight token', () =>
      secrets.delete(tokenKey(e.payload.sessionId)),
    );
  });
  const finishing = createFinishingDesk({
    now: () => clock.now(),
    emit: bus.emit,
    grace: (sessionId, participantId, startedAt) =>
      graceOf(context, sessionId, participantId, startedAt),
    guard: (fn) => boundary.guard('Updating who is finishing a note', fn),
  });
  const info: HostContext['info'] = {
    version: APP_VERSION,
    mode: options.mode,
    dataDir: options.dataDir,
    ingestUrl: null,
    share: null,
  };
  const context: HostContext = {
    db,
    feeds,
    sources,
    secrets,
    repos,
    emit: bus.emit,
    clock,
    testClock,
    restart: options.restart ?? null,
    finishing,
    joins: createJoinDesk(() => clock.now()),
    sharing: fixedSharing(info),
    // After a command committed: what follows may fail without failing the command.
    runChanged: (sessionId) => {
      boundary.run('Sending the new run state', () => announce(sessionId));
      // A rotation, a pause or the end may end someone's grace; so may the clock moving on.
      boundary.run('Updating who is finishing a note', () => finishing.recheck(sessionId));
      engine.plan(sessionId);
      boundary.run('Starting or stopping the feed sources', sources.sync); // they follow the session
    },
    info,
  };
  const engine = createRunEngine(context, announce, boundary.report);
  // One purge at a time: a long one (a first start after weeks) is not started again each minute.
  let purging: Promise<number> | null = null;
  const purge = () =>
    (purging ??= purgeFeeds(repos, feeds, clock.now()).finally(() => (purging = null)));
  let purgeTimer: ReturnType<typeof setInterval> | undefined;
  if (!passive) {
    engine.start();
    boundary.run('Starting the feed sources', sources.sync);
    purgeTimer = setInterval(boundary.guard('Deleting old feed events', purge), 60_000);
    purgeTimer.unref();
  }
  // Once closing starts, calls are refused; those already running finish before the store closes.
  let closing = false;
  let running = 0;
  const idleWaiters: Array<() => void> = [];
  async function guardedDispatch(
    method: string,
    args: unknown,
    caller: Caller,
  ): Promise<ApiEnvelope<unknown>> {
    if (closing) return SHUTTING_DOWN;
    running++;
    try {
      return await dispatch(context, method, args, caller, options);
    } finally {
      if (--running === 0) for (const wake of idleWaiters.splice(0)) wake();
    }
  }
  let closed = false;
  return {
    info: context.info,
    dispatch: guardedDispatch,
    /** Typed call for in-process callers (CLI, tests); throws ApiError on failure. */
    async call<M extends MethodName>(
      method: M,
      args: ArgsOf<M>,
      caller: Caller = { transport: 'test' },
    ) {
      const envelope = await guardedDispatch(method, args, caller);
      if (!envelope.ok) throw ApiError.fromBody(envelope.error);
      return envelope.result as ResultOf<M>;
    },
    /** Refuse new calls from now on; resolves when the calls already running have finished. */
    quiesce(): Promise<void> {
      closing = true;
      return running === 0 ? Promise.resolve() : new Promise((wake) => idleWaiters.push(wake));
    },
    subscribe: bus.subscribe,
    /** The holder of a live personal link with this token, or null (the web transport asks). */
    identify: (token: string | null | undefined) => identify(repos, token, clock.now()),
    /** Whether an event may go to a personal link's page (its own session only). */
    mayReceive: (person: Person, event: HostEvent) => mayReceive(repos, person, event),
    /** A personal link's holder closed their last page: they are not finishing a note any more. */
    pageLeft: (person: Person) => finishing.left(person.sessionId, person.participantId),
    /** Join requests, taken in by the web transport without a token; throws ApiError. */
    requestJoin: (body: unknown) => requestJoin(context, body),
    joinStatus: (secret: string) => joinStatus(context, secret),
    /** Hands links.sharing and links.share to what serves participants (the desktop app's). */
    setSharing: (control: SharingControl) => void (context.sharing = control),
    /** Tell every open window (the composition root's own parts: the backup schedule). */
    emit: bus.emit,
    /** Log an unexpected error and tell the open windows (a host.error event); nothing stops. */
    reportError: boundary.report,
    /** The host's own connection (tests limit it, e.g. a full disk with max_page_count). */
    db,
    feeds,
    /** Sends the live view's gathered events to the pages now (tests; see liveThrottle.ts). */
    flushLive: () => live.flush(),
    /** Browser origins the ingest port answers (the watched sessions' allowlists). */
    ingestOrigins: originList.origins,
    /** Drop feed events outside every session window and older than the baseline (also every minute). */
    purgeFeeds: purge,
    /** Timers, then sources, then the feed writer, then the database. */
    close: () => {
      if (closed) return;
      closed = true;
      closing = true;
      clearInterval(purgeTimer);
      engine.stop();
      finishing.stop();
      sources.stop();
      try {
        feeds.stop();
      } finally {
        live.stop();
        db.close();
      }
    },
  };
}
export type Host = ReturnType<typeof createHost>;
/** What a transport (IPC, the web server) needs of the host: calls, events and its facts. */
export type ServedHost = Pick<
  Host,
  | 'dispatch'
  | 'subscribe'
  | 'info'
  | 'identify'
  | 'mayReceive'
  | 'pageLeft'
  | 'requestJoin'
  | 'joinStatus'
>;
