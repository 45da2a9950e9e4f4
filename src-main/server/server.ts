import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import crypto from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { createDispatcher } from '../app/dispatch';
import { allHandlers } from '../app/all-handlers';
import type { Services } from '../app/services';
import { serveStatic } from './static';
import {
  allowedHostnames,
  hostAllowed,
  newToken,
  originAllowed,
  requestToken,
  safeEqual,
  SECURITY_HEADERS,
  TOKEN_COOKIE,
} from './security';

export interface ServerOptions {
  services: Services;
  rendererDir: string;
  port?: number;
  host?: string;
  /** Fixed token for tests; a fresh random one otherwise. */
  token?: string;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  /** The URL with the one-time token, to open in a browser. */
  launchUrl: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024 * 1024;

function send(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
    'Cache-Control': 'no-store',
    ...SECURITY_HEADERS,
    ...extra,
  });
  res.end(text);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error('too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * The contract over HTTP + WebSocket for browsers: POST /api/rpc/<channel>, events on
 * /api/events, page images on /media/..., uploads on /api/upload, the built renderer on /.
 * Loopback only unless a host is given; token, Host and Origin checked on every request.
 */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const { services } = opts;
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? newToken();
  const log = opts.log ?? (() => {});
  const dispatch = createDispatcher(allHandlers(services), log);
  const allowed = allowedHostnames(host);
  let port = 0;
  const sockets = new Set<WebSocket>();

  const authed = (req: IncomingMessage): boolean => {
    const t = requestToken(req);
    return t !== null && safeEqual(t, token);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!hostAllowed(req.headers.host, allowed, port)) return send(res, 403, 'Forbidden: unknown Host.');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD' && !originAllowed(req.headers.origin, allowed, port)) {
      return send(res, 403, { ok: false, error: { code: 'FORBIDDEN', message: 'Cross-origin requests are refused.' } });
    }
    const queryToken = url.searchParams.get('token');
    if (method === 'GET' && queryToken !== null && safeEqual(queryToken, token)) {
      // Move the token out of the address bar into an HttpOnly cookie.
      url.searchParams.delete('token');
      res.writeHead(302, {
        Location: url.pathname + (url.search || ''),
        'Set-Cookie': `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        'Cache-Control': 'no-store',
        ...SECURITY_HEADERS,
      });
      res.end();
      return;
    }
    if (!authed(req)) {
      if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/media/')) {
        return send(res, 401, { ok: false, error: { code: 'UNAUTHORIZED', message: 'Missing or wrong token.' } });
      }
      return send(res, 401, 'Redaction Lab: open the address the server printed (it carries a one-time token).');
    }
    if (url.pathname === '/api/health') return send(res, 200, { ok: true, value: { status: 'up' } });
    if (url.pathname.startsWith('/api/rpc/') && method === 'POST') {
      let payload: unknown;
      try {
        const body = await readBody(req, MAX_BODY);
        payload = body.length ? (JSON.parse(body.toString('utf8')) as unknown) : {};
      } catch {
        return send(res, 400, {
          ok: false,
          error: { code: 'INVALID_REQUEST', message: 'The request body is not valid JSON.' },
        });
      }
      const channel = decodeURIComponent(url.pathname.slice('/api/rpc/'.length));
      return send(res, 200, await dispatch(channel, payload, { transport: 'http' }));
    }
    if (url.pathname === '/api/upload' && method === 'POST') {
      const name = path.basename(url.searchParams.get('name') ?? 'upload').replace(/[^\w.\- ()]/g, '_') || 'upload';
      let body: Buffer;
      try {
        body = await readBody(req, 512 * 1024 * 1024);
      } catch {
        return send(res, 413, {
          ok: false,
          error: { code: 'FILE_TOO_LARGE', message: 'The file is larger than 512 MB.' },
        });
      }
      const dir = path.join(services.paths.tmp, 'uploads', crypto.randomUUID());
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, name);
      fs.writeFileSync(file, body);
      return send(res, 200, { ok: true, value: { path: file } });
    }
    if (url.pathname.startsWith('/media/') && (method === 'GET' || method === 'HEAD')) {
      const m = services.media.resolve(url.pathname.slice('/media/'.length));
      if (!m) return send(res, 404, 'Not found.');
      const headers: Record<string, string> = {
        'Content-Type': m.type,
        'Cache-Control': 'no-cache',
        ...SECURITY_HEADERS,
      };
      if (m.downloadName) headers['Content-Disposition'] = `attachment; filename="${m.downloadName.replace(/"/g, '')}"`;
      res.writeHead(200, headers);
      fs.createReadStream(m.file).pipe(res);
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') return send(res, 405, 'Method not allowed.');
    serveStatic(opts.rendererDir, url.pathname, res);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      log(`server error: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) send(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'The server failed.' } });
      else res.destroy();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = req.headers.origin;
    const ok =
      url.pathname === '/api/events' &&
      hostAllowed(req.headers.host, allowed, port) &&
      origin !== undefined &&
      originAllowed(origin, allowed, port) &&
      authed(req);
    if (!ok) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => sockets.delete(ws));
    });
  });
  const unsubscribe = services.bus.subscribe((name, payload) => {
    const msg = JSON.stringify({ event: name, payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(msg);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const base = `http://${shownHost}:${port}`;
  fs.mkdirSync(path.dirname(services.paths.serverToken), { recursive: true });
  fs.writeFileSync(services.paths.serverToken, `${base}/?token=${token}\n`, { mode: 0o600 });
  fs.chmodSync(services.paths.serverToken, 0o600);

  return {
    url: base,
    launchUrl: `${base}/?token=${token}`,
    port,
    token,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      try {
        fs.unlinkSync(services.paths.serverToken);
      } catch {
        // already gone
      }
    },
  };
}
