import { BrowserWindow, ipcMain, type WebFrameMain } from 'electron';
import { EVENT_CHANNEL, METHOD_NAMES, methodChannel } from '../shared/api/methods';
import type { ServedHost } from './host/host';
import { isAppUrl } from './window';

/** Only the app's own top-level page may call the API. */
export const isTrustedSender = (frame: WebFrameMain | null) =>
  !!frame && frame.parent === null && isAppUrl(frame.url);

export function setupIpc(host: ServedHost): () => void {
  for (const method of METHOD_NAMES) {
    ipcMain.handle(methodChannel(method), (event, args: unknown) => {
      if (!isTrustedSender(event.senderFrame)) {
        return {
          ok: false,
          error: { code: 'unauthorized', message: 'Caller is not the Ensemble window' },
        };
      }
      return host.dispatch(method, args, { transport: 'ipc' });
    });
  }
  return host.subscribe((event) => {
    for (const win of BrowserWindow.getAllWindows()) win.webContents.send(EVENT_CHANNEL, event);
  });
}
