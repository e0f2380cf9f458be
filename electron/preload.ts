import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { EnsembleBridge } from '../shared/api/bridge';
import {
  DESKTOP_CHANNEL_NAMES,
  desktopChannel,
  EVENT_CHANNEL,
  methodChannel,
} from '../shared/api/channels';
import type { DesktopApi } from '../shared/api/desktop';
import { METHOD_NAMES } from '../shared/api/methods';

// One named function per API method and per desktop side channel, each bound to its own
// channel; ipcRenderer itself never reaches the page. Events are checked where they arrive.
const bind =
  (channel: string) =>
  (...args: unknown[]) =>
    ipcRenderer.invoke(channel, ...args);

const bridge = {
  api: Object.fromEntries(
    METHOD_NAMES.map((method) => [method, bind(methodChannel(method))]),
  ) as EnsembleBridge['api'],
  onEvent(listener) {
    const handler = (_event: IpcRendererEvent, payload: unknown) =>
      listener(payload as Parameters<typeof listener>[0]);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  },
  platform: process.platform,
  desktop: Object.fromEntries(
    DESKTOP_CHANNEL_NAMES.map((name) => [name, bind(desktopChannel(name))]),
  ) as unknown as DesktopApi,
} satisfies EnsembleBridge;

contextBridge.exposeInMainWorld('ensemble', bridge);
