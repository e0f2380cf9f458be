/**
 * The desktop app's host without Electron, for end-to-end tests: started the way
 * electron/main.ts starts it (mode desktop, loopback receivers, no web server, the participant
 * server set up), with the window stood in for by a loopback page holding the host's own token
 * (the same renderer; the real window reaches the same API over IPC).
 * `node desktop-stand-in.cjs <data dir> <renderer dir> <token>` prints `window <url>`.
 */
import { startHost } from '../electron/host/start';
import { setupParticipantSharing } from '../electron/host/web/participants';
import { startWebServer } from '../electron/host/web/server';

async function main() {
  const [dataDir, staticDir, token] = process.argv.slice(2);
  if (!dataDir || !staticDir || !token) throw new Error('usage: <data dir> <renderer dir> <token>');
  const host = await startHost({ dataDir, mode: 'desktop', ingest: null });
  const window = await startWebServer({ host, hostname: '127.0.0.1', port: 0, token, staticDir });
  host.attach(window);
  setupParticipantSharing(host, { dataDir, staticDir, defaultPort: 0 });
  const stop = () => void host.close().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  console.log(`window ${window.url}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
