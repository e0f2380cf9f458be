/**
 * Web mode: the same host as the desktop app, served over HTTP + WebSocket to a browser.
 * `npm run web -- --port 5178 --host 127.0.0.1 --data-dir DIR`
 */
import fs from 'node:fs';
import path from 'node:path';
import { createSecureContext } from 'node:tls';
import { keepServingOnUncaughtErrors } from './host/boundary';
import { startupRefusal } from './host/db/startup';
import { startHost } from './host/start';
import { parseWebArgs, UsageError, WEB_USAGE } from './host/web/args';
import { isLoopback } from './host/web/auth';
import { startWebServer } from './host/web/server';
import { shareOrigin } from './host/web/share';
import {
  loadOrCreatePipelineToken,
  loadOrCreateToken,
  PIPELINE_TOKEN_FILE,
} from './host/web/token';
import {
  IngestKeyError,
  ingestKeyInstructions,
  loadOrCreateIngestKey,
} from './host/feeds/ingest/ingestKey';

async function main() {
  let args;
  try {
    args = parseWebArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`ensemble: ${error.message}\n\n${WEB_USAGE}`);
    process.exit(2);
  }
  if (args.help) {
    console.log(WEB_USAGE);
    return;
  }
  let ingestKey;
  try {
    ingestKey = loadOrCreateIngestKey(args.dataDir, {
      rotate: args.newIngestKey,
      override: process.env.ENSEMBLE_INGEST_KEY,
    });
  } catch (error) {
    if (!(error instanceof IngestKeyError)) throw error;
    console.error(`ensemble: ${error.message}`);
    process.exit(2);
  }
  // A restore from the app restarts the host in this process, on the same ports: open pages
  // reconnect with the same token.
  let ports = { port: args.port, ingestPort: args.ingestPort };
  for (;;) {
    const next = await serve(args, ingestKey, ports);
    if (!next) return;
    ports = next;
    args = { ...args, newToken: false, newPipelineToken: false }; // the tokens stay
    console.log('Restarting to restore a backup…');
  }
}

type Ports = { port: number; ingestPort: number | null };

/** Runs the host until a restart is asked for; then resolves with the ports it was using. */
async function serve(
  args: ReturnType<typeof parseWebArgs>,
  ingestKey: string,
  ports: Ports,
): Promise<Ports | null> {
  let restart!: () => void;
  const restarting = new Promise<void>((resolve) => (restart = resolve));
  let host;
  try {
    // The receivers bind where the app does: loopback unless --allow-remote said otherwise, and
    // with --allow-remote only holders of the ingest key may send.
    host = await startHost({
      dataDir: args.dataDir,
      mode: 'web',
      testClock: args.testClock,
      restart: () => restart(),
      ingest:
        ports.ingestPort === null
          ? null
          : {
              hostname: args.host,
              port: ports.ingestPort,
              key: ingestKey,
              requireKey: args.allowRemote,
            },
    });
  } catch (error) {
    const refusal = startupRefusal(error, args.dataDir);
    if (refusal === null) throw error;
    console.error(`ensemble: ${refusal}`);
    process.exit(1);
  }
  const running = host;
  // Handlers first: a stop that arrives as soon as the address is printed still closes in order.
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await running.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const token = loadOrCreateToken(args.dataDir, {
    rotate: args.newToken,
    override: process.env.ENSEMBLE_TOKEN,
  });
  const pipelineToken = loadOrCreatePipelineToken(args.dataDir, token, {
    rotate: args.newPipelineToken,
    override: process.env.ENSEMBLE_PIPELINE_TOKEN,
  });
  let tls = null;
  try {
    tls = args.tls && { cert: fs.readFileSync(args.tls.cert), key: fs.readFileSync(args.tls.key) };
    if (tls) createSecureContext(tls); // a key that does not fit the certificate fails here
  } catch (error) {
    console.error(`ensemble: cannot use the TLS certificate and key: ${(error as Error).message}`);
    await running.close();
    process.exit(2);
  }
  const server = await startWebServer({
    host,
    hostname: args.host,
    port: ports.port,
    token,
    pipelineToken,
    tls,
    staticDir: path.join(__dirname, '..', 'renderer'),
  }).catch(async (error: NodeJS.ErrnoException) => {
    console.error(
      error.code === 'EADDRINUSE'
        ? `ensemble: port ${ports.port} is in use; pick another with --port`
        : `ensemble: cannot listen on ${args.host}:${ports.port}: ${error.message}`,
    );
    await running.close();
    process.exit(1);
  });
  host.attach(server);
  // Personal links point where other people reach this host.
  host.info.share = shareOrigin({
    hostname: args.host,
    port: server.port,
    tls: tls !== null,
    shareUrl: args.shareUrl,
  });
  const stopGuard = keepServingOnUncaughtErrors(running.reportError);
  if (!isLoopback(args.host)) {
    console.warn(
      `WARNING: listening on ${args.host}, reachable from other machines. From them only personal links work (and the pipeline token); the link below works on this machine only.`,
    );
  }
  if (host.ingestError) {
    const e = host.ingestError;
    console.warn(
      `WARNING: feed receivers not started on port ${ports.ingestPort}: ${e.code === 'EADDRINUSE' ? 'the port is in use (--ingest-port picks another)' : e.message}`,
    );
  }
  console.log(`Ensemble running at ${server.url}`);
  console.log(
    host.info.share.remote
      ? `Share with others: ${host.info.share.origin} (personal links: Prepare → People and links)`
      : `Personal links work on this machine only (start with --host 0.0.0.0 --allow-remote to share them)`,
  );
  console.log(
    `Pipeline token (read-only: gate, decision record, schema): ${pipelineToken} (in ${path.join(args.dataDir, PIPELINE_TOKEN_FILE)})`,
  );
  if (host.ingest) {
    const dsnKey = args.allowRemote ? ingestKey : 'ensemble';
    console.log(
      `Feeds: OTLP logs ${host.ingest.url}/v1/logs · Sentry DSN http://${dsnKey}@${host.ingest.url.replace(/^http:\/\//, '')}/1`,
    );
    if (args.allowRemote) console.log(ingestKeyInstructions(ingestKey));
  }
  console.log(`Data folder: ${args.dataDir}`);

  await restarting;
  stopGuard();
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  if (stopping) return new Promise<never>(() => {}); // exiting already
  await running.close();
  return { port: server.port, ingestPort: host.ingest?.port ?? ports.ingestPort };
}

main().catch((error) => {
  const refusal = startupRefusal(error, parseWebArgs(process.argv.slice(2)).dataDir);
  if (refusal !== null) console.error(`ensemble: ${refusal}`);
  else console.error('ensemble: failed to start', error);
  process.exit(1);
});
