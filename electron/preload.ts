import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { EnsembleBridge } from '../shared/api/bridge';
import {
  DESKTOP_CHANNELS,
  EVENT_CHANNEL,
  METHOD_NAMES,
  methodChannel,
} from '../shared/api/methods';
import type { HostEvent } from '../shared/api/events';

// One named function per API method, each bound to its own channel; ipcRenderer itself never
// reaches the page.
const api = Object.fromEntries(
  METHOD_NAMES.map((method) => [
    method,
    (args: unknown) => ipcRenderer.invoke(methodChannel(method), args),
  ]),
) as EnsembleBridge['api'];

const bridge = {
  api,
  onEvent(listener) {
    const handler = (_event: IpcRendererEvent, payload: HostEvent) => listener(payload);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  },
  platform: process.platform,
  desktop: {
    listCaptureSources: () => ipcRenderer.invoke(DESKTOP_CHANNELS.sources),
    captureSource: (id: string) => ipcRenderer.invoke(DESKTOP_CHANNELS.capture, id),
    openMiniWindow: (sessionId: string) => ipcRenderer.invoke(DESKTOP_CHANNELS.mini, sessionId),
    savePdf: (filename: string, html: string) =>
      ipcRenderer.invoke(DESKTOP_CHANNELS.savePdf, filename, html),
  },
} satisfies EnsembleBridge;

contextBridge.exposeInMainWorld('ensemble', bridge);
