import type { MethodName, ParsedArgsOf, ResultOf } from '../../shared/api/contract';
import type { HostEvent } from '../../shared/api/events';
import type { Clock } from './clock';
import type { Db } from './db/database';
import type { OwnSources } from './feeds/sources/manager';
import type { FeedPipeline } from './feeds/store/pipeline';
import type { JoinDesk } from './links/joinDesk';
import type { FinishingDesk } from './notes/finishing';
import type { SharingControl } from './links/sharing';
import type { Repos } from './repos';
import type { SecretStore } from './secrets/store';

/** The holder of a personal link, as the web transport found it from the link's token. */
export type Person = { linkId: string; sessionId: string; participantId: string };

/**
 * Who is calling, checked by the transport (IPC sender frame, web token) before dispatch.
 * `remote`: a web request from another machine (never allowed to run commands). `person`: a
 * personal link; absent: the host's own app (desktop, the host's token, CLI, tests), which may
 * do everything.
 */
export type Caller = {
  transport: 'ipc' | 'web' | 'cli' | 'test';
  remote?: boolean;
  person?: Person;
};

/** The participant a call acts as, for the session's log (null: the host's own app). */
export const actorOf = (caller: Caller): string | null => caller.person?.participantId ?? null;

export type HostContext = {
  db: Db;
  repos: Repos;
  emit: (event: HostEvent) => void;
  clock: Clock;
  /** After any change to a session's run: tell every client and re-plan auto-rotation. */
  runChanged: (sessionId: string) => void;
  /** The one pipeline every feed source writes through. */
  feeds: FeedPipeline;
  sources: OwnSources;
  /** Credentials kept by the host only (pull sources, the pre-flight's OFREP token). */
  secrets: SecretStore;
  /**
   * Closes this host and starts it again (web mode in-process, the desktop app relaunches), so a
   * restore asked for from the app is applied; null where nothing can restart it (CLI, tests).
   */
  restart: (() => void) | null;
  /** Who is finishing a note after their turn ended (memory only). */
  finishing: FinishingDesk;
  /** Join requests from people without a link, waiting for the facilitator. */
  joins: JoinDesk;
  /** Whether and where personal links are served (the desktop app can start and stop it). */
  sharing: SharingControl;
  /** Set in web mode with --test-clock only. */
  testClock: { advance(ms: number): void } | null;
  info: {
    version: string;
    mode: 'desktop' | 'web' | 'cli';
    dataDir: string;
    ingestUrl: string | null;
    /**
     * Where personal links point (the web server's address for others, e.g. the LAN address
     * with --allow-remote or the desktop app's network sharing) and whether other machines can
     * reach it; null: no web server serves participants.
     */
    share: { origin: string; remote: boolean } | null;
  };
};

export type Handler<M extends MethodName> = (
  args: ParsedArgsOf<M>,
  host: HostContext,
  caller: Caller,
) => ResultOf<M> | Promise<ResultOf<M>>;

export type HandlerMap<M extends MethodName = MethodName> = { [K in M]: Handler<K> };
