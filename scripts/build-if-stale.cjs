'use strict';
// Builds the app (electron-vite) when out/ is missing or older than any source file.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.join(__dirname, '..');
const SOURCES = ['src-main', 'src-renderer', 'electron.vite.config.ts', 'package.json'];
const MARKERS = ['out/main/index.js', 'out/main/cli.js', 'out/preload/preload.js', 'out/renderer/index.html'];

function newest(p) {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const e of fs.readdirSync(p)) m = Math.max(m, newest(path.join(p, e)));
  return m;
}

function isStale() {
  const markers = MARKERS.map((m) => path.join(root, m));
  if (!markers.every((m) => fs.existsSync(m))) return true;
  const built = Math.min(...markers.map((m) => fs.statSync(m).mtimeMs));
  const src = Math.max(
    ...SOURCES.map((s) => path.join(root, s))
      .filter((s) => fs.existsSync(s))
      .map(newest),
  );
  return src > built;
}

function buildIfStale({ quiet = false } = {}) {
  if (!isStale()) return true;
  const bin = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  if (!fs.existsSync(bin)) {
    if (!quiet) console.error('Cannot build: electron-vite is not installed (run `npm install`).');
    return false;
  }
  if (!quiet) console.log('Building Redaction Lab…');
  const r = spawnSync(process.execPath, [bin, 'build'], {
    cwd: root,
    stdio: quiet ? 'ignore' : ['ignore', 'ignore', 'inherit'],
  });
  return r.status === 0;
}

module.exports = { buildIfStale, isStale };
if (require.main === module) process.exit(buildIfStale() ? 0 : 1);
