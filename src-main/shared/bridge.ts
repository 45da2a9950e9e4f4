/**
 * What the Electron preload exposes as `window.redlab`: one function per contract channel (by
 * channel name), event subscriptions that return an unsubscribe function, and the media base URL.
 */
export interface ElectronBridge {
  invoke: Record<string, (payload: unknown) => Promise<unknown>>;
  on(name: string, callback: (payload: unknown) => void): () => void;
  mediaBase: string;
  /** The filesystem path of a dropped File (Electron only). */
  pathForFile(file: File): string;
}
