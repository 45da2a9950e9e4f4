import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, tmpDir } from '../helpers/tmp';

const tmp = tmpDir();
afterAll(() => tmp.cleanup());

describe('npm start', () => {
  it('falls back to the browser UI with one sentence when the Electron binary is missing', async () => {
    const child = spawn(
      process.execPath,
      [path.join(ROOT, 'scripts', 'start.cjs'), '--port', '0', '--data-dir', `${tmp.dir}/data`],
      {
        cwd: ROOT,
        env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: `${tmp.dir}/no-electron-here` },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 120_000);
        child.stdout.on('data', () => {
          const m = /Redaction Lab is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
          if (m?.[1]) {
            clearTimeout(t);
            resolve(m[1]);
          }
        });
      });
      expect(out).toMatch(/Electron binary is not installed.*browser mode/);
      const res = await fetch(url, { redirect: 'manual' });
      expect(res.status).toBe(302);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
});
