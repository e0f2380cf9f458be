/**
 * Web mode: the same host as the desktop app, served over HTTP + WebSocket to a browser.
 * `npm run web -- --port 5178 --host 127.0.0.1 --data-dir DIR`
 */
import path from 'node:path';
import { DatabaseTooNewError } from './host/db/database';
import { createHost } from './host/host';
import { parseWebArgs, UsageError, WEB_USAGE } from './host/web/args';
import { isLoopback } from './host/web/auth';
import { startWebServer } from './host/web/server';
import { loadOrCreateToken } from './host/web/token';
import { startIngestServer, type IngestServer } from './host/feeds/ingest/ingestServer';

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
  let host;
  try {
    host = createHost({ dataDir: args.dataDir, mode: 'web', testClock: args.testClock });
  } catch (error) {
    if (error instanceof DatabaseTooNewError) {
      console.error(`ensemble: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const server = await startWebServer({
    host,
    hostname: args.host,
    port: args.port,
    token: loadOrCreateToken(args.dataDir, {
      rotate: args.newToken,
      override: process.env.ENSEMBLE_TOKEN,
    }),
    staticDir: path.join(__dirname, '..', 'renderer'),
  }).catch((error: NodeJS.ErrnoException) => {
    console.error(
      error.code === 'EADDRINUSE'
        ? `ensemble: port ${args.port} is in use; pick another with --port`
        : `ensemble: cannot listen on ${args.host}:${args.port}: ${error.message}`,
    );
    host.close();
    process.exit(1);
  });
  if (!isLoopback(args.host)) {
    console.warn(
      `WARNING: listening on ${args.host}, reachable from other machines; share the token with care.`,
    );
  }
  let ingest: IngestServer | null = null;
  if (args.ingestPort !== null) {
    // The receivers bind where the app does: loopback unless --allow-remote said otherwise.
    ingest = await startIngestServer({
      pipeline: host.feeds,
      hostname: args.host,
      port: args.ingestPort,
    }).catch((error: NodeJS.ErrnoException) => {
      console.warn(
        `WARNING: feed receivers not started on port ${args.ingestPort}: ${error.code === 'EADDRINUSE' ? 'the port is in use (--ingest-port picks another)' : error.message}`,
      );
      return null;
    });
  }
  host.info.ingestUrl = ingest?.url ?? null;
  console.log(`Ensemble running at ${server.url}`);
  if (ingest)
    console.log(
      `Feeds: OTLP logs ${ingest.url}/v1/logs · Sentry DSN http://ensemble@${ingest.url.replace(/^http:\/\//, '')}/1`,
    );
  console.log(`Data folder: ${args.dataDir}`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await Promise.all([server.close(), ingest?.close()]);
    host.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error('ensemble: failed to start', error);
  process.exit(1);
});
