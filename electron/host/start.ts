import path from 'node:path';
import {
  DEFAULT_INGEST_PORT,
  startIngestServer,
  type IngestServer,
} from './feeds/ingest/ingestServer';
import { createHost, type Host, type HostOptions } from './host';
import { startBackupSchedule } from './db/backupSchedule';
import { bundledWriterScript } from './feeds/store/writer';
import { DB_FILENAME } from './db/database';
import { explainSqliteError, writeMarker } from './db/integrity';
import { prepareStore } from './db/startup';

export { DEFAULT_INGEST_PORT };

/** Something that answers callers from outside: the web server, the IPC handlers. */
export type Transport = { close(): Promise<void> | void };

export type StartOptions = HostOptions & {
  /**
   * Where the OpenTelemetry / Sentry receivers listen; null: none. The CLI never starts them.
   */
  ingest: {
    hostname: string;
    port: number;
    /** The install's ingest key (always accepted); null: none (the desktop app). */
    key?: string | null;
    /** Remote access is on: only holders of the key may send. */
    requireKey?: boolean;
  } | null;
};

export type RunningHost = Omit<Host, 'close' | 'quiesce'> & {
  /** The receivers, or null when none were asked for or their port could not be bound. */
  ingest: IngestServer | null;
  /** Why the receivers did not start (a port in use), for the shell to report. */
  ingestError: NodeJS.ErrnoException | null;
  /** A transport closes with the receivers, before anything behind it. */
  attach(transport: Transport): void;
  /**
   * Stops in the order that loses nothing: new calls refused and transports and receivers
   * closed (requests in flight are answered), calls already running finished, then timers,
   * sources, the feed writer and the database.
   */
  close(): Promise<void>;
};

/**
 * The one start-up for the desktop app, web mode and the CLI. A store that cannot be used
 * (damaged, empty where one existed, read-only, or a folder another host holds) is refused with
 * an error whose message says what is wrong and what to do; nothing is opened or changed then.
 */
export async function startHost(options: StartOptions): Promise<RunningHost> {
  const log = (line: string) => (options.log ? options.log(line, null) : console.warn(line));
  const lock = await prepareStore(options.dataDir, options.mode, {
    nativeBinding: options.nativeBinding,
    log,
  });
  let host: Host;
  try {
    host = createHost(options);
  } catch (error) {
    lock?.release();
    throw explainSqliteError(error, options.dataDir, path.join(options.dataDir, DB_FILENAME));
  }
  const backups = lock
    ? startBackupSchedule({
        dataDir: options.dataDir,
        subscribe: host.subscribe,
        nativeBinding: options.nativeBinding,
        workerScript:
          options.writerScript !== undefined ? options.writerScript : bundledWriterScript(),
        log,
        onBackup: () => host.emit({ event: 'app.backupsChanged', payload: {} }),
      })
    : null;
  if (lock) writeMarker(options.dataDir, new Date());
  let ingest: IngestServer | null = null;
  let ingestError: NodeJS.ErrnoException | null = null;
  if (options.ingest && options.mode !== 'cli') {
    if (options.ingest.requireKey && !options.ingest.key)
      throw new Error('The receivers cannot require a key without one');
    try {
      ingest = await startIngestServer({
        pipeline: host.feeds,
        allowedOrigins: host.ingestOrigins,
        ...options.ingest,
      });
    } catch (error) {
      ingestError = error as NodeJS.ErrnoException;
    }
  }
  host.info.ingestUrl = ingest?.url ?? null;

  const transports: Transport[] = [];
  let closing: Promise<void> | null = null;
  async function close() {
    const calls = host.quiesce();
    const outside = [...transports, ...(ingest ? [ingest] : [])];
    await Promise.allSettled(outside.map((t) => t.close()));
    await calls;
    try {
      await backups?.stop(); // a backup under way (a session just ended) completes first
      host.close();
    } finally {
      lock?.release();
    }
  }
  return {
    ...host,
    ingest,
    ingestError,
    attach: (transport) => void transports.push(transport),
    close: () => (closing ??= close()),
  };
}
