/**
 * The desktop app: a short composer. Everything it composes but the shell files (window,
 * protocol, ipc, menu, preload) is the plain-Node host shared with web mode.
 */
import { app, BrowserWindow, dialog, safeStorage } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { startupRefusal } from './host/db/startup';
import { DEFAULT_INGEST_PORT, startHost, type RunningHost } from './host/start';
import { setupParticipantSharing } from './host/web/participants';
import { desktopHandlers } from './desktop';
import { setupIpc } from './ipc';
import { setupMenu } from './menu';
import { registerAppScheme, serveRenderer } from './protocol';
import { createMainWindow, hardenWebContents } from './window';

/** In development the Node-ABI build in node_modules stays for tests; Electron loads its own. */
function electronNativeBinding(): string | undefined {
  if (app.isPackaged) return undefined; // electron-builder rebuilt it for Electron when packaging
  const file = path.join(
    app.getAppPath(),
    '.electron-native',
    `better_sqlite3-electron-${process.versions.electron}.node`,
  );
  return fs.existsSync(file) ? file : undefined;
}

// A separate data folder (tests, a portable copy) keeps its own single-instance lock too.
if (process.env.ENSEMBLE_DATA_DIR) app.setPath('userData', process.env.ENSEMBLE_DATA_DIR);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.enableSandbox();
  registerAppScheme();
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0];
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  let host: RunningHost | undefined;
  void app.whenReady().then(async () => {
    try {
      // Push receivers for the internal tenant's OpenTelemetry and Sentry clients start with it.
      host = await startHost({
        dataDir: app.getPath('userData'),
        mode: 'desktop',
        nativeBinding: electronNativeBinding(),
        secretCipher: keychainCipher(),
        ingest: { hostname: '127.0.0.1', port: DEFAULT_INGEST_PORT },
        // A restore from the app is applied by the next start: relaunch (the store closes first).
        restart: () => {
          app.relaunch();
          app.quit();
        },
      });
    } catch (error) {
      const dataDir = app.getPath('userData');
      const message = startupRefusal(error, dataDir) ?? String(error);
      dialog.showErrorBox('Ensemble cannot open its data', message);
      app.exit(1);
      return;
    }
    if (host.ingestError)
      console.warn(`[ensemble] feed receivers not started: ${String(host.ingestError)}`);
    const rendererDir = path.join(__dirname, '..', 'renderer');
    serveRenderer(rendererDir);
    host.attach({ close: setupIpc(host, desktopHandlers) });
    // Participants' browsers: served only once the facilitator starts sharing (People and
    // links), and from other machines only when they let the network join.
    setupParticipantSharing(host, {
      dataDir: app.getPath('userData'),
      staticDir: rendererDir,
      log: (line) => console.warn(line),
    });
    setupMenu();
    createMainWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // Receivers and IPC stop taking calls, then the store closes: nothing acknowledged is left
  // unwritten. Quitting waits for that once, then goes on.
  let quitting = false;
  app.on('will-quit', (event) => {
    if (!host || quitting) return;
    quitting = true;
    event.preventDefault();
    void host.close().finally(() => app.quit());
  });
}

/**
 * Pull-source credentials sealed by the OS keychain (Keychain, DPAPI, libsecret/kwallet). On a
 * Linux desktop with no keyring, safeStorage would fall back to a hard-coded key: then the
 * credentials file is left to its 0600 mode instead of pretending to encrypt it.
 */
function keychainCipher() {
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text')
    return undefined;
  return {
    label: 'OS keychain',
    encrypt: (plain: string) => safeStorage.encryptString(plain),
    decrypt: (sealed: Buffer) => safeStorage.decryptString(sealed),
  };
}
