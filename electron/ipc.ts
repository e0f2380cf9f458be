import { BrowserWindow, ipcMain, type IpcMainInvokeEvent, type WebFrameMain } from 'electron';
import {
  DESKTOP_CHANNEL_NAMES,
  desktopChannel,
  EVENT_CHANNEL,
  methodChannel,
} from '../shared/api/channels';
import { DESKTOP_ARGS, DESKTOP_REFUSED, type DesktopApi } from '../shared/api/desktop';
import type { DesktopChannel } from '../shared/api/channels';
import { METHOD_NAMES } from '../shared/api/methods';
import type { ServedHost } from './host/host';
import { isAppUrl } from './window';

/** Only the app's own top-level page may call the API or the desktop side channels. */
export const isTrustedSender = (frame: WebFrameMain | null) =>
  !!frame && frame.parent === null && isAppUrl(frame.url);

/** Desktop side channels as the main process implements them: the event first, then the args. */
export type DesktopHandlers = {
  [K in DesktopChannel]: (
    event: IpcMainInvokeEvent,
    ...args: Parameters<DesktopApi[K]>
  ) => ReturnType<DesktopApi[K]> | Awaited<ReturnType<DesktopApi[K]>>;
};

const NOT_THE_APP = {
  ok: false,
  error: { code: 'unauthorized', message: 'Caller is not the Ensemble window' },
} as const;

/**
 * Every IPC channel, registered in one place behind one sender check: the API methods (their
 * arguments are validated by the dispatcher) and the desktop side channels (validated here).
 * Returns what closes them all again.
 */
export function setupIpc(host: ServedHost, desktop: DesktopHandlers): () => void {
  const channels: string[] = [];
  const handle = (channel: string, fn: (event: IpcMainInvokeEvent, args: unknown[]) => unknown) => {
    channels.push(channel);
    ipcMain.handle(channel, (event, ...args: unknown[]) => fn(event, args));
  };
  for (const method of METHOD_NAMES) {
    handle(methodChannel(method), (event, [args]) =>
      isTrustedSender(event.senderFrame)
        ? host.dispatch(method, args, { transport: 'ipc' })
        : NOT_THE_APP,
    );
  }
  for (const name of DESKTOP_CHANNEL_NAMES) {
    handle(desktopChannel(name), (event, args) => {
      const parsed = DESKTOP_ARGS[name].safeParse(args);
      if (!isTrustedSender(event.senderFrame) || !parsed.success) return DESKTOP_REFUSED[name];
      const run = desktop[name] as (e: IpcMainInvokeEvent, ...a: unknown[]) => unknown;
      return run(event, ...parsed.data);
    });
  }
  const unsubscribe = host.subscribe((event) => {
    for (const win of BrowserWindow.getAllWindows()) win.webContents.send(EVENT_CHANNEL, event);
  });
  return () => {
    unsubscribe();
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}
