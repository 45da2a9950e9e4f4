import fs from 'node:fs';
import path from 'node:path';

declare const __REDLAB_BUNDLED__: boolean | undefined;

/** The project (or packaged app) root: the folder holding package.json. */
export function appRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  return process.cwd();
}

/** The built renderer served by the local server and loaded by the Electron window. */
export function rendererDir(): string {
  return path.join(appRoot(), 'out', 'renderer');
}

/** Shipped run-time files: fonts, the default model, sample documents. */
export function resourcesDir(): string {
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  if (packaged && typeof __REDLAB_BUNDLED__ !== 'undefined' && fs.existsSync(path.join(packaged, 'resources'))) {
    return path.join(packaged, 'resources');
  }
  return path.join(appRoot(), 'resources');
}
