import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, net, protocol, session, shell } from 'electron';
import { pathToFileURL } from 'node:url';
import { createServices, type Services } from './app/services';
import { createDispatcher } from './app/dispatch';
import { allHandlers } from './app/all-handlers';
import { defaultDataDir } from './app/paths';
import { rendererDir } from './app/locations';
import { registerIpc } from './ipc/ipc-main';
import {
  allowNavigation,
  CONTENT_SECURITY_POLICY,
  RENDERER_URL,
  rendererFileFor,
  webPreferences,
  windowOpenDecision,
} from './security/window-policy';
import { SECURITY_HEADERS } from './server/security';

// The renderer is served from app://redlab/, never file://.
protocol.registerSchemesAsPrivileged([
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);

let services: Services | null = null;
let mainWindow: BrowserWindow | null = null;

function respondFile(file: string, type?: string): Response {
  const headers = new Headers(SECURITY_HEADERS);
  headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  if (type) headers.set('Content-Type', type);
  return new Response(fs.createReadStream(file) as unknown as ReadableStream, { headers });
}

function registerAppProtocol(s: Services): void {
  const dir = rendererDir();
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    if (url.pathname.startsWith('/media/')) {
      const m = s.media.resolve(url.pathname.slice('/media/'.length));
      return m ? respondFile(m.file, m.type) : new Response('Not found', { status: 404 });
    }
    const file = rendererFileFor(request.url, dir);
    if (!file || !fs.existsSync(file)) return new Response('Not found', { status: 404 });
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) headers.set(k, v);
    return new Response(res.body, { status: res.status, headers });
  });
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 920,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Redaction Lab',
    webPreferences: webPreferences(path.join(__dirname, '../preload/preload.js')),
  });
  win.once('ready-to-show', () => win.show());
  // The editor refuses to unload while a change is not yet confirmed saved: ask, don't close silently.
  win.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(win, {
      type: 'warning',
      buttons: ['Stay', 'Leave without saving'],
      defaultId: 0,
      cancelId: 0,
      title: 'Unsaved changes',
      message: 'Some boxes are not saved yet.',
      detail: 'Stay to let them save (or retry a failed save); leave to close and lose them.',
    });
    if (choice === 1) event.preventDefault();
  });
  void win.loadURL(RENDERER_URL);
  return win;
}

function hardenContents(): void {
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!allowNavigation(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!allowNavigation(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      const d = windowOpenDecision(url);
      if (d.openExternally) void shell.openExternal(url);
      return { action: d.action };
    });
  });
}

async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  hardenContents();
  await app.whenReady();
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  const dataDir = process.env.REDLAB_DATA_DIR ?? defaultDataDir();
  services = createServices({ dataDir, transport: 'electron' });
  registerAppProtocol(services);
  const dispatch = createDispatcher(
    allHandlers(services, {
      openExternal: async (url) => {
        await shell.openExternal(url);
        return true;
      },
    }),
    (line) => console.error(line),
  );
  registerIpc(dispatch, services.bus, () => BrowserWindow.getAllWindows().map((w) => w.webContents));
  mainWindow = createWindow();
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let closing = false;
app.on('before-quit', (event) => {
  if (closing || !services) return;
  closing = true;
  event.preventDefault();
  void services.close().finally(() => app.quit());
});

start().catch((e: unknown) => {
  console.error('Redaction Lab could not start:', e);
  app.exit(1);
});
