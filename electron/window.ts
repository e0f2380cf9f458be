import { BrowserWindow, shell, type WebContents } from 'electron';
import path from 'node:path';
import { APP_ORIGIN } from './protocol';

/** External links open in the user's browser only for these schemes, after URL parsing. */
const EXTERNAL_PROTOCOLS = new Set(['https:', 'mailto:']);

export function openExternalSafely(raw: string): void {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return;
  }
  if (EXTERNAL_PROTOCOLS.has(url.protocol)) void shell.openExternal(url.toString());
}

const isAppUrl = (raw: string) => {
  try {
    return new URL(raw).origin === APP_ORIGIN;
  } catch {
    return false;
  }
};

/** Applied to every web contents the app creates: no navigation away, no new windows, no webviews. */
export function hardenWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    openExternalSafely(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.session.setPermissionRequestHandler((_wc, permission, callback) => {
    callback(permission === 'notifications' || permission === 'clipboard-sanitized-write');
  });
}

const webPreferences = () => ({
  preload: path.join(__dirname, 'preload.cjs'),
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  webviewTag: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  spellcheck: true,
});

export function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Ensemble',
    backgroundColor: '#10141c',
    webPreferences: webPreferences(),
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

let mini: BrowserWindow | null = null;

/** A small window that stays above the product under test: roles and the turn countdown. */
export function openMiniWindow(sessionId: string): void {
  const url = `${APP_ORIGIN}/index.html#/mini/${sessionId}`;
  if (mini && !mini.isDestroyed()) {
    void mini.loadURL(url);
    mini.show();
    return;
  }
  mini = new BrowserWindow({
    width: 380,
    height: 230,
    minWidth: 260,
    minHeight: 160,
    alwaysOnTop: true,
    title: 'Ensemble — who drives',
    backgroundColor: '#0b0f19',
    webPreferences: webPreferences(),
  });
  mini.setAlwaysOnTop(true, 'floating');
  mini.setVisibleOnAllWorkspaces(true);
  mini.on('closed', () => (mini = null));
  void mini.loadURL(url);
}

export { isAppUrl };
