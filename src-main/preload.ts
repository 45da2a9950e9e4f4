import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { CHANNEL_NAMES, EVENT_NAMES } from './shared/contract';
import type { ElectronBridge } from './shared/bridge';

// One function per channel, generated from the contract, plus typed event subscriptions.
// The renderer never sees ipcRenderer itself.
const invoke: Record<string, (payload: unknown) => Promise<unknown>> = {};
for (const channel of CHANNEL_NAMES) {
  invoke[channel] = (payload: unknown) => ipcRenderer.invoke(channel, payload);
}

const allowedEvents = new Set<string>(EVENT_NAMES);

const bridge: ElectronBridge = {
  invoke,
  on(name, callback) {
    if (!allowedEvents.has(name)) throw new Error(`Unknown event ${name}`);
    const listener = (_e: unknown, payload: unknown): void => callback(payload);
    ipcRenderer.on(name, listener);
    return () => {
      ipcRenderer.removeListener(name, listener);
    };
  },
  mediaBase: 'app://redlab/media/',
  pathForFile: (file) => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld('redlab', bridge);
