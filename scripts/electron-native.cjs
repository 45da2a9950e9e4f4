'use strict';
// better-sqlite3 is a V8 addon: the copy built for Node (used by the CLI and tests) does not load
// in Electron. Instead of rebuilding it in place (which breaks the Node side), keep a second copy
// built for the installed Electron under .cache/electron-native and point the app at it.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const cacheDir = path.join(root, '.cache', 'electron-native');

function electronVersion() {
  return require(path.join(root, 'node_modules', 'electron', 'package.json')).version;
}

function bindingPath() {
  return path.join(cacheDir, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
}

/** Returns the path of an Electron build of better-sqlite3, building it once if needed. */
async function ensureElectronSqlite() {
  const version = electronVersion();
  const stamp = path.join(cacheDir, 'electron-version');
  if (fs.existsSync(bindingPath()) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === version) {
    return bindingPath();
  }
  const src = path.join(root, 'node_modules', 'better-sqlite3');
  const dest = path.join(cacheDir, 'node_modules', 'better-sqlite3');
  fs.rmSync(cacheDir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.cpSync(src, dest, { recursive: true, filter: (p) => !p.includes(`${path.sep}build${path.sep}`) });
  fs.writeFileSync(
    path.join(cacheDir, 'package.json'),
    JSON.stringify({ name: 'electron-native', private: true, dependencies: { 'better-sqlite3': '*' } }),
  );
  const { rebuild } = require('@electron/rebuild');
  console.log(`Building better-sqlite3 for Electron ${version} (once)…`);
  await rebuild({ buildPath: cacheDir, electronVersion: version, onlyModules: ['better-sqlite3'], force: true });
  fs.writeFileSync(stamp, version);
  return bindingPath();
}

module.exports = { ensureElectronSqlite };
