import path from 'node:path';
import { isAllowedExternal } from '../app/handlers';
import { CSP } from '../server/security';

/** Web preferences of every window. Tests assert these; change them only with a reason. */
export function webPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  } as const;
}

export const RENDERER_ORIGIN = 'app://redlab';

/** True for URLs of the app's own protocol and host. (`URL.origin` is "null" for custom schemes.) */
function isAppUrl(u: URL): boolean {
  return u.protocol === 'app:' && u.host === 'redlab';
}
export const RENDERER_URL = `${RENDERER_ORIGIN}/index.html`;
export const CONTENT_SECURITY_POLICY = CSP;

/** In-window navigation is never allowed: the app is a single page. */
export function allowNavigation(url: string): boolean {
  try {
    const u = new URL(url);
    return isAppUrl(u) && u.pathname === '/index.html';
  } catch {
    return false;
  }
}

/** New windows are always denied; allow-listed https links open in the user's browser instead. */
export function windowOpenDecision(url: string): { action: 'deny'; openExternally: boolean } {
  return { action: 'deny', openExternally: isAllowedExternal(url) };
}

/** Maps an `app://redlab/...` request to a file inside the renderer folder, or null. */
export function rendererFileFor(url: string, rendererDir: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (!isAppUrl(u)) return null;
  const rel = decodeURIComponent(u.pathname).replace(/^\/+/, '') || 'index.html';
  const full = path.resolve(rendererDir, rel);
  return full.startsWith(path.resolve(rendererDir) + path.sep) ? full : null;
}

/** The part of an IPC event the sender check needs (Electron's senderFrame). */
export interface SenderLike {
  senderFrame: { url: string; parent: unknown } | null;
}

/** IPC is answered only for the app's own top-level page, never for subframes or other origins. */
export function trustedSender(event: SenderLike): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  try {
    return isAppUrl(new URL(frame.url));
  } catch {
    return false;
  }
}
