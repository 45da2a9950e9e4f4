import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Redaction Lab';

/**
 * The per-user data folder, the same one Electron's `app.getPath('userData')` gives, so the app,
 * the CLI and the local server share one database. `REDLAB_DATA_DIR` overrides it.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.REDLAB_DATA_DIR) return path.resolve(env.REDLAB_DATA_DIR);
  const home = os.homedir();
  switch (process.platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', APP_NAME);
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
  }
}

/** Every place the app writes inside its data folder. */
export interface DataPaths {
  root: string;
  database: string;
  /** Rendered page images, `pages/<documentId>/<pageIndex>.png`. */
  pages: string;
  thumbs: string;
  /** Original files kept for audit and re-rendering, by content hash. */
  originals: string;
  runs: string;
  models: string;
  synth: string;
  reports: string;
  backups: string;
  tmp: string;
  serverToken: string;
}

export function dataPaths(root: string): DataPaths {
  const r = path.resolve(root);
  return {
    root: r,
    database: path.join(r, 'redlab.db'),
    pages: path.join(r, 'pages'),
    thumbs: path.join(r, 'thumbs'),
    originals: path.join(r, 'originals'),
    runs: path.join(r, 'runs'),
    models: path.join(r, 'models'),
    synth: path.join(r, 'synth'),
    reports: path.join(r, 'reports'),
    backups: path.join(r, 'backups'),
    tmp: path.join(r, 'tmp'),
    serverToken: path.join(r, 'server.token'),
  };
}

/** Resolves `rel` inside `root`, or returns null when it would escape it (`..`, absolute paths). */
export function insideDir(root: string, rel: string): string | null {
  const base = path.resolve(root);
  const full = path.resolve(base, rel);
  // A filesystem root ('/', 'C:\\') already ends with the separator.
  const prefix = base.endsWith(path.sep) ? base : base + path.sep;
  return full === base || full.startsWith(prefix) ? full : null;
}
