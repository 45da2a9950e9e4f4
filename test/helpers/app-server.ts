import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from './tmp';

export interface ServedApp {
  /** http://127.0.0.1:PORT */
  base: string;
  /** The printed URL with its one-time token. */
  launchUrl: string;
  token: string;
  proc: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * Starts the built app's server (`redlab serve --port 0`) in a child process, as a user would,
 * and resolves once it printed its URL.
 */
export async function serveApp(dataDir: string, extraEnv: Record<string, string> = {}): Promise<ServedApp> {
  const proc = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data-dir', dataDir], {
    env: { ...process.env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const launchUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server printed no URL in 30 s: ${out}`)), 30_000);
    const check = (): void => {
      const m = /Redaction Lab is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    proc.stdout?.on('data', check);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${out}`));
    });
  });
  const u = new URL(launchUrl);
  return {
    base: u.origin,
    launchUrl,
    token: u.searchParams.get('token') ?? '',
    proc,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
        setTimeout(() => proc.kill('SIGKILL'), 5000).unref();
      }),
  };
}

/** Calls a contract channel over HTTP with the token, like the browser client does. */
export async function rpc<T = unknown>(app: ServedApp, channel: string, payload: unknown = {}): Promise<T> {
  const res = await fetch(`${app.base}/api/rpc/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${app.token}` },
    body: JSON.stringify(payload),
  });
  const r = (await res.json()) as { ok: boolean; value?: T; error?: { code: string; message: string } };
  if (!r.ok) throw Object.assign(new Error(r.error?.message ?? 'rpc failed'), { code: r.error?.code });
  return r.value as T;
}
