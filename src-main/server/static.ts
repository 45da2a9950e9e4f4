import fs from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { insideDir } from '../app/paths';
import { SECURITY_HEADERS } from './security';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

/** Serves the built renderer; unknown paths fall back to index.html (client-side views). */
export function serveStatic(rendererDir: string, pathname: string, res: ServerResponse): void {
  const rel = decodeURIComponent(pathname).replace(/^\/+/, '') || 'index.html';
  let file = insideDir(rendererDir, rel);
  if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile()) file = path.join(rendererDir, 'index.html');
  if (!fs.existsSync(file)) {
    res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
    res.end('The user interface has not been built yet. Run `npm run build` and reload.');
    return;
  }
  const ext = path.extname(file).toLowerCase();
  const immutable = file.includes(`${path.sep}assets${path.sep}`);
  res.writeHead(200, {
    'Content-Type': TYPES[ext] ?? 'application/octet-stream',
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-store',
    ...SECURITY_HEADERS,
  });
  fs.createReadStream(file).pipe(res);
}
