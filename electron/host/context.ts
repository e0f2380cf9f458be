import type { MethodName, ParsedArgsOf, ResultOf } from '../../shared/api/contract';
import type { HostEvent } from '../../shared/api/events';
import type { Clock } from './clock';
import type { Db } from './db/database';
import type { OwnSources } from './feeds/sources/manager';
import type { FeedPipeline } from './feeds/store/pipeline';
import type { Repos } from './repos';
import type { SecretStore } from './secrets/store';

/** Who is calling: checked by the transport (IPC sender frame, web token) before dispatch. */
/** Who is calling; `remote`: a web request from another machine (never allowed to run commands). */
export type Caller = { transport: 'ipc' | 'web' | 'cli' | 'test'; remote?: boolean };

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
  /** Set in web mode with --test-clock only. */
  testClock: { advance(ms: number): void } | null;
  info: {
    version: string;
    mode: 'desktop' | 'web' | 'cli';
    dataDir: string;
    ingestUrl: string | null;
  };
};

export type Handler<M extends MethodName> = (
  args: ParsedArgsOf<M>,
  host: HostContext,
  caller: Caller,
) => ResultOf<M> | Promise<ResultOf<M>>;

export type HandlerMap<M extends MethodName = MethodName> = { [K in M]: Handler<K> };
