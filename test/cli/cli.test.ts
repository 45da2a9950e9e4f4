import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { serveApp } from '../helpers/app-server';
import { CLI, tmpDir } from '../helpers/tmp';

const tmp = tmpDir();
afterAll(() => tmp.cleanup());

function redlab(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the redlab CLI (built)', () => {
  it('lists every command in --help', () => {
    const r = redlab('--help');
    expect(r.status).toBe(0);
    for (const c of [
      'serve',
      'import',
      'export',
      'synth',
      'train',
      'train-verifier',
      'infer',
      'eval',
      'audit',
      'report',
      'bench',
    ]) {
      expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
    }
    expect(r.stdout).toMatch(/--data-dir DIR/);
    expect(r.stdout).toMatch(/--json/);
  });

  it('gives per-command help', () => {
    const r = redlab('serve', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Usage: redlab serve/);
    expect(r.stdout).toMatch(/--port/);
  });

  it('exits 2 with a message on stderr for an unknown command or option', () => {
    const a = redlab('frobnicate');
    expect(a.status).toBe(2);
    expect(a.stderr).toMatch(/unknown command "frobnicate"/);
    const b = redlab('serve', '--no-such-flag');
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/Usage: redlab serve/);
    const c = redlab('serve', '--port', 'eighty');
    expect(c.status).toBe(2);
    expect(c.stderr).toMatch(/--port must be a number/);
  });

  it('serves on loopback, prints the URL, and keeps the token out of its command line', async () => {
    const app = await serveApp(`${tmp.dir}/data`);
    try {
      expect(app.launchUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
      const cmdline = fs.readFileSync(`/proc/${app.proc.pid}/cmdline`, 'utf8');
      expect(cmdline).not.toContain(app.token);
      expect(fs.statSync(`${tmp.dir}/data/server.token`).mode & 0o777).toBe(0o600);
      const res = await fetch(`${app.base}/api/health`, { headers: { Authorization: `Bearer ${app.token}` } });
      expect(res.status).toBe(200);
    } finally {
      await app.stop();
    }
  });
});
