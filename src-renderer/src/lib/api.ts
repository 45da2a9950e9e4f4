import type { Channel, EventName, PayloadOf, RequestOf, ResponseOf } from '$shared/contract';
import type { ElectronBridge } from '$shared/bridge';
import type { ErrorInfo, Result } from '$shared/errors';

/** An error returned by the main process, with a sentence for people and a code for code. */
export class ApiError extends Error {
  readonly code: string;
  readonly details: unknown;
  constructor(info: ErrorInfo) {
    super(info.message);
    this.name = 'ApiError';
    this.code = info.code;
    this.details = info.details;
  }
}

interface Transport {
  kind: 'electron' | 'http';
  invoke(channel: string, payload: unknown): Promise<Result<unknown>>;
  on(name: string, cb: (payload: unknown) => void): () => void;
  mediaUrl(path: string): string;
  /** Makes a local file usable by the main process: its path (Electron) or an uploaded copy (browser). */
  fileToPath(file: File): Promise<string>;
}

function electronTransport(bridge: ElectronBridge): Transport {
  return {
    kind: 'electron',
    invoke: async (channel, payload) => {
      const fn = bridge.invoke[channel];
      if (!fn) return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `Unknown channel ${channel}` } };
      return (await fn(payload)) as Result<unknown>;
    },
    on: (name, cb) => bridge.on(name, cb),
    mediaUrl: (p) => bridge.mediaBase + p.replace(/^\/+/, ''),
    fileToPath: (file) => Promise.resolve(bridge.pathForFile(file)),
  };
}

function httpTransport(): Transport {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let socket: WebSocket | null = null;
  let retry = 500;
  const connect = (): void => {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    socket = new WebSocket(`${proto}//${location.host}/api/events`);
    socket.onopen = () => {
      retry = 500;
    };
    socket.onmessage = (m: MessageEvent<string>) => {
      try {
        const { event, payload } = JSON.parse(m.data) as { event: string; payload: unknown };
        for (const cb of listeners.get(event) ?? []) cb(payload);
      } catch {
        // ignore a malformed frame
      }
    };
    socket.onclose = () => {
      socket = null;
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 10_000);
    };
  };
  return {
    kind: 'http',
    invoke: async (channel, payload) => {
      let res: Response;
      try {
        res = await fetch(`/api/rpc/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(payload ?? {}),
          credentials: 'same-origin',
        });
      } catch {
        return {
          ok: false,
          error: { code: 'IO_ERROR', message: 'The Redaction Lab server cannot be reached. Is it still running?' },
        };
      }
      if (res.status === 401) {
        return {
          ok: false,
          error: {
            code: 'UNAUTHORIZED',
            message: 'This page lost its access token. Open the address the server printed again.',
          },
        };
      }
      return (await res.json()) as Result<unknown>;
    },
    on: (name, cb) => {
      if (!socket) connect();
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(cb);
      return () => set.delete(cb);
    },
    mediaUrl: (p) => `/media/${p.replace(/^\/+/, '')}`,
    fileToPath: async (file) => {
      const res = await fetch(`/api/upload?name=${encodeURIComponent(file.name)}`, {
        method: 'POST',
        body: file,
        credentials: 'same-origin',
      });
      const r = (await res.json()) as Result<{ path: string }>;
      if (!r.ok) throw new ApiError(r.error);
      return r.value.path;
    },
  };
}

const bridge = (globalThis as { redlab?: ElectronBridge }).redlab;
const transport: Transport = bridge ? electronTransport(bridge) : httpTransport();

/** The one client the renderer uses, typed from the contract; identical over IPC and HTTP. */
export const api = {
  transport: transport.kind,

  /** Calls a channel; resolves with its value or rejects with an ApiError. */
  async call<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
    const r = await transport.invoke(channel, request);
    if (!r.ok) throw new ApiError(r.error);
    return r.value as ResponseOf<C>;
  },

  /** Calls a channel and returns the raw result (for callers that show errors inline). */
  async result<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>> {
    return (await transport.invoke(channel, request)) as Result<ResponseOf<C>>;
  },

  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends EventName>(name: E, cb: (payload: PayloadOf<E>) => void): () => void {
    return transport.on(name, cb as (p: unknown) => void);
  },

  /** URL of a media file (page image, thumbnail, export) by its media path. */
  media(path: string): string {
    return transport.mediaUrl(path);
  },

  fileToPath(file: File): Promise<string> {
    return transport.fileToPath(file);
  },
};

export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
