import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_INGEST_PORT } from '../feeds/ingest/ingestServer';
import { isLoopback } from './auth';

export const DEFAULT_PORT = 5178;

export type WebArgs = {
  port: number;
  host: string;
  dataDir: string;
  allowRemote: boolean;
  newToken: boolean;
  /** Replace the saved read-only pipeline token (pipelines need the new one). */
  newPipelineToken: boolean;
  /** Replace the saved ingest key (senders on other machines need the new one). */
  newIngestKey: boolean;
  testClock: boolean;
  /** HTTPS with the user's certificate and key (PEM files); null: plain HTTP. */
  tls: { cert: string; key: string } | null;
  /** The address personal links point at (scheme, host, port); null: worked out at start. */
  shareUrl: string | null;
  /** The push receivers' port (OTLP and Sentry); null turns them off. */
  ingestPort: number | null;
  help: boolean;
};

export class UsageError extends Error {}

export const WEB_USAGE = `Usage: npm run web -- [options]

  --port N          port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --host ADDRESS    address to bind (default 127.0.0.1)
  --allow-remote    required to bind anything but loopback (participants on other machines)
  --data-dir DIR    where the database lives (default ${defaultDataDir()})
  --new-token       replace the saved access token (open browsers must use the new link)
  --new-pipeline-token  replace the saved read-only token for pipelines
  --new-ingest-key  replace the saved ingest key (required from senders when --allow-remote)
  --tls-cert FILE   serve HTTPS with this certificate (PEM), with --tls-key
  --tls-key FILE    the certificate's private key (PEM)
  --share-url URL   the address personal links point at (default: this machine's address)
  --ingest-port N   OpenTelemetry (OTLP/HTTP) and Sentry receivers (default ${DEFAULT_INGEST_PORT}; off to disable)
  --test-clock      for automated tests: allow dev.advanceClock to move host time forward

  --help            show this help`;

/** The per-user data home: XDG on Linux, Application Support on macOS, APPDATA on Windows. */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string {
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Ensemble');
  if (platform === 'win32')
    return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Ensemble');
  return path.join(env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'ensemble');
}

export function parseWebArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): WebArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        'allow-remote': { type: 'boolean', default: false },
        'new-token': { type: 'boolean', default: false },
        'new-pipeline-token': { type: 'boolean', default: false },
        'new-ingest-key': { type: 'boolean', default: false },
        'test-clock': { type: 'boolean', default: false },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'share-url': { type: 'string' },
        'ingest-port': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const portText = values.port ?? String(DEFAULT_PORT);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    throw new UsageError(`--port must be a whole number from 0 to 65535 (got "${portText}")`);
  }
  const ingestText = values['ingest-port'] ?? String(DEFAULT_INGEST_PORT);
  const ingestPort = ingestText === 'off' ? null : Number(ingestText);
  if (ingestPort !== null && (!/^\d+$/.test(ingestText) || ingestPort > 65535)) {
    throw new UsageError(
      `--ingest-port must be a whole number from 0 to 65535, or off (got "${ingestText}")`,
    );
  }
  const host = values.host ?? '127.0.0.1';
  if (host.trim() === '') throw new UsageError('--host must not be empty');
  const dataDir = values['data-dir'];
  if (dataDir !== undefined && dataDir.trim() === '')
    throw new UsageError('--data-dir must not be empty');
  const allowRemote = values['allow-remote'] ?? false;
  if (!isLoopback(host) && !allowRemote) {
    throw new UsageError(
      `Refusing to listen on ${host}: anyone who can reach it could try the API. Add --allow-remote to do it anyway.`,
    );
  }
  const cert = values['tls-cert'];
  const key = values['tls-key'];
  if ((cert === undefined) !== (key === undefined))
    throw new UsageError('--tls-cert and --tls-key go together: give both files, or neither');
  if (cert?.trim() === '' || key?.trim() === '')
    throw new UsageError('--tls-cert and --tls-key must name files');
  const shareUrl = values['share-url'] ?? null;
  if (shareUrl !== null) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(shareUrl);
    } catch {
      // refused below
    }
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.pathname !== '/')
      throw new UsageError(
        `--share-url must be an address such as https://ensemble.example:5178 (got "${shareUrl}")`,
      );
  }
  return {
    port,
    host,
    dataDir: path.resolve(dataDir ?? defaultDataDir(env)),
    allowRemote,
    newToken: values['new-token'] ?? false,
    newPipelineToken: values['new-pipeline-token'] ?? false,
    newIngestKey: values['new-ingest-key'] ?? false,
    testClock: values['test-clock'] ?? false,
    tls: cert && key ? { cert: path.resolve(cert), key: path.resolve(key) } : null,
    shareUrl: shareUrl === null ? null : new URL(shareUrl).origin,
    ingestPort,
    help: values.help ?? false,
  };
}
