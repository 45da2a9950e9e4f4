'use strict';
// `npm start`: the desktop app when Electron can run here, otherwise the same UI in a browser.
const fs = require('node:fs');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { buildIfStale } = require('./build-if-stale.cjs');

const root = path.join(__dirname, '..');
const args = process.argv.slice(2);
const forceBrowser = args.includes('--browser') || process.env.REDLAB_BROWSER === '1';

function electronBinary() {
  const dir = path.join(root, 'node_modules', 'electron');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    // Same variable the electron package honours: a local Electron build, never downloaded.
    const exe = path.join(override, process.platform === 'win32' ? 'electron.exe' : 'electron');
    return fs.existsSync(exe) ? exe : null;
  }
  const pathFile = path.join(dir, 'path.txt');
  if (fs.existsSync(pathFile)) {
    const exe = path.join(dir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
    if (fs.existsSync(exe)) return exe;
  }
  // Electron >= 42 downloads its binary on first run; try once, quietly.
  const r = spawnSync(process.execPath, [path.join(dir, 'install.js')], { stdio: 'ignore', timeout: 180_000 });
  if (r.status === 0 && fs.existsSync(pathFile)) {
    const exe = path.join(dir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
    if (fs.existsSync(exe)) return exe;
  }
  return null;
}

function serveInBrowser(reason) {
  if (reason) console.log(`${reason} Starting Redaction Lab in browser mode instead.`);
  const cli = path.join(root, 'bin', 'redlab.cjs');
  const extra = args.filter((a) => a !== '--browser');
  const hasPort = extra.includes('--port');
  const child = spawn(
    process.execPath,
    [cli, 'serve', ...(hasPort ? [] : ['--port', process.env.PORT ?? '5183']), ...extra],
    {
      stdio: 'inherit',
    },
  );
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => {
    if (code !== 0 && !hasPort && !process.env.PORT) {
      // The default port may be taken: try a free one.
      const again = spawn(process.execPath, [cli, 'serve', '--port', '0', ...extra], { stdio: 'inherit' });
      again.on('exit', (c) => process.exit(c ?? 0));
      process.removeListener('SIGINT', stop);
      process.on('SIGINT', () => again.kill('SIGTERM'));
      return;
    }
    process.exit(code ?? 0);
  });
}

async function main() {
  if (!buildIfStale()) {
    console.error('The build failed; fix the errors above and run `npm start` again.');
    process.exit(1);
  }
  if (forceBrowser) return serveInBrowser(null);
  const exe = electronBinary();
  if (!exe) {
    return serveInBrowser('The Electron binary is not installed and could not be downloaded on this machine.');
  }
  let binding;
  try {
    binding = await require('./electron-native.cjs').ensureElectronSqlite();
  } catch (e) {
    return serveInBrowser(`The database module could not be built for Electron (${String(e.message).split('\n')[0]}).`);
  }
  const started = Date.now();
  const child = spawn(exe, [root], {
    stdio: ['ignore', 'inherit', 'pipe'],
    env: { ...process.env, REDLAB_SQLITE_BINDING: binding },
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
    process.stderr.write(d);
  });
  child.on('error', (e) => serveInBrowser(`Electron could not start (${e.message}).`));
  child.on('exit', (code, signal) => {
    if (code !== 0 && Date.now() - started < 15_000) {
      const why = (stderr.trim().split('\n').pop() || `exit code ${code ?? signal}`).slice(0, 160);
      return serveInBrowser(`Electron could not start here (${why}).`);
    }
    process.exit(code ?? 0);
  });
}

main();
