import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'redlab_token';

export function newToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** Compares secrets in constant time (hashing first, so lengths leak nothing either). */
export function safeEqual(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const k = part.slice(0, i).trim();
    const v = part.slice(i + 1).trim();
    if (k && !out.has(k)) out.set(k, decodeURIComponent(v));
  }
  return out;
}

/** The host names a browser may use to reach the server: loopback only, plus an explicit --host. */
export function allowedHostnames(bindHost: string): Set<string> {
  const names = new Set(['localhost', '127.0.0.1', '[::1]']);
  if (bindHost !== '127.0.0.1' && bindHost !== 'localhost' && bindHost !== '::1') {
    names.add(bindHost.includes(':') ? `[${bindHost}]` : bindHost);
  }
  return names;
}

/** True when the Host header names an allowed host on our port (DNS-rebinding defence). */
export function hostAllowed(hostHeader: string | undefined, allowed: Set<string>, port: number): boolean {
  if (!hostHeader) return false;
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:]+)(?::(\d+))?$/.exec(hostHeader.trim());
  if (!m) return false;
  const name = (m[1] ?? '').toLowerCase();
  const p = m[2] ? Number(m[2]) : 80;
  return allowed.has(name) && p === port;
}

/** An Origin header, when present, must be this server itself. */
export function originAllowed(origin: string | undefined, allowed: Set<string>, port: number): boolean {
  if (origin === undefined) return true;
  try {
    const u = new URL(origin);
    if (u.protocol !== 'http:') return false;
    return hostAllowed(u.host, allowed, port);
  } catch {
    return false;
  }
}

export function requestToken(req: IncomingMessage): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  return parseCookies(req.headers.cookie).get(TOKEN_COOKIE) ?? null;
}

export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
