import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiError } from '../../../shared/api/errors';
import type { Sharing } from '../../../shared/domain/links';
import type { Host, ServedHost } from '../host';
import { requestedState, type SharingControl } from '../links/sharing';
import type { RunningHost } from '../start';
import { newToken } from './auth';
import { startWebServer, type WebServer } from './server';
import { shareOrigin } from './share';

/** Where the desktop app serves participants unless that port was taken the first time. */
export const DEFAULT_SHARE_PORT = 7381;
/** The port it served on last, in the data folder: links keep their address across restarts. */
export const SHARE_PORT_FILE = 'share-port';

export type ParticipantServerOptions = {
  dataDir: string;
  /** The built renderer that participants' browsers load; null serves the API only. */
  staticDir: string | null;
  /**
   * The host's own token on this server. By default a random one that only this process knows:
   * the desktop app's window talks over IPC, so no page needs it.
   */
  token?: string;
  /** Tried first while no port is kept yet. */
  defaultPort?: number;
  /** This machine's network interfaces (tests give their own). */
  interfaces?: () => ReturnType<typeof os.networkInterfaces>;
  log?: (line: string) => void;
};

export type ParticipantServer = SharingControl & {
  /** Stops serving for good (the host is closing); links are not revoked. */
  close(): Promise<void>;
};

type SharingHost = ServedHost & Pick<Host, 'emit'>;

export function keptPort(dataDir: string): number | null {
  try {
    const port = Number(fs.readFileSync(path.join(dataDir, SHARE_PORT_FILE), 'utf8').trim());
    return Number.isInteger(port) && port > 0 && port < 65536 ? port : null;
  } catch {
    return null;
  }
}

function keepPort(dataDir: string, port: number) {
  const file = path.join(dataDir, SHARE_PORT_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${port}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

const TAKEN = new Set(['EADDRINUSE', 'EACCES']);

/**
 * The desktop app's web server for participants, started on demand for a host that is already
 * running: the same server as web mode's (startWebServer), on loopback, or on every interface
 * once the facilitator lets people on the network join — then, as with --allow-remote, other
 * machines get in with a personal link only. It sets host.info.share, so links get addresses.
 * It keeps its port (7381, or a free one if that is taken) so links outlive a restart; stopping
 * revokes nothing. Changes run one after another.
 */
export function createParticipantServer(
  host: SharingHost,
  options: ParticipantServerOptions,
): ParticipantServer {
  const token = options.token ?? newToken();
  const interfaces = options.interfaces ?? os.networkInterfaces;
  let server: WebServer | null = null;
  let current: Sharing['state'] = 'off';
  let closed = false;
  let queue: Promise<unknown> = Promise.resolve();

  const state = (): Sharing => ({
    state: current,
    origin: current === 'off' ? null : (host.info.share?.origin ?? null),
    changeable: true,
  });

  async function stop() {
    host.info.share = null; // no new link points at a server that is going
    current = 'off';
    const closing = server;
    server = null;
    await closing?.close();
  }

  async function listen(hostname: string): Promise<WebServer> {
    const preferred = keptPort(options.dataDir) ?? options.defaultPort ?? DEFAULT_SHARE_PORT;
    const start = (port: number) =>
      startWebServer({
        host,
        hostname,
        port,
        token,
        pipelineToken: null,
        staticDir: options.staticDir,
      });
    let started: WebServer;
    try {
      started = await start(preferred);
    } catch (error) {
      if (!TAKEN.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
      started = await start(0);
    }
    if (started.port !== keptPort(options.dataDir)) {
      try {
        keepPort(options.dataDir, started.port);
      } catch (error) {
        options.log?.(`[ensemble] cannot keep the sharing port: ${(error as Error).message}`);
      }
    }
    return started;
  }

  async function apply(wanted: Sharing['state']) {
    if (closed) throw new ApiError('unavailable', 'Ensemble is shutting down');
    if (wanted === current) return;
    try {
      await stop();
      if (wanted === 'off') return;
      const hostname = wanted === 'network' ? '0.0.0.0' : '127.0.0.1';
      try {
        server = await listen(hostname);
      } catch (error) {
        throw new ApiError(
          'unavailable',
          `Ensemble could not start serving links: ${(error as Error).message}`,
        );
      }
      current = wanted;
      host.info.share = shareOrigin(
        { hostname, port: server.port, tls: false, shareUrl: null },
        interfaces(),
      );
    } finally {
      // Also when starting failed: the server that ran before has stopped.
      host.emit({ event: 'links.sharingChanged', payload: state() });
    }
  }

  return {
    state,
    set(request) {
      const run = queue.then(() => apply(requestedState(request)));
      queue = run.catch(() => {});
      return run.then(state);
    },
    async close() {
      closed = true;
      await queue;
      await stop();
    },
  };
}

/** The desktop app's set-up: links.share reaches this server, which closes with the host. */
export function setupParticipantSharing(
  host: RunningHost,
  options: ParticipantServerOptions,
): ParticipantServer {
  const server = createParticipantServer(host, options);
  host.setSharing(server);
  host.attach(server);
  return server;
}
