import fs from 'node:fs';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { ROOT } from '../helpers/tmp';

export const RELIABILITY_OUT = path.join(ROOT, 'test-output', 'reliability');

/** Iterations for kill loops: the CI minimum unless REDLAB_RELIABILITY_SCALE multiplies it. */
export function iterations(ciMinimum: number): number {
  const scale = Number(process.env.REDLAB_RELIABILITY_SCALE ?? '1');
  return Math.max(ciMinimum, Math.round(ciMinimum * (Number.isFinite(scale) ? scale : 1)));
}

/** Records a figure for the `npm run test:reliability` summary line. */
export function recordFigure(name: string, value: Record<string, number>): void {
  fs.mkdirSync(RELIABILITY_OUT, { recursive: true });
  fs.writeFileSync(path.join(RELIABILITY_OUT, `${name}.json`), JSON.stringify(value));
}

const bundled = new Map<string, string>();

/**
 * Bundles a TypeScript child entry once per run (esbuild), so each of hundreds of kill iterations
 * starts in a fraction of a second instead of compiling TypeScript through tsx. Native and heavy
 * packages stay external.
 */
export function bundleChild(file: string): string {
  const hit = bundled.get(file);
  if (hit) return hit;
  const esbuild = require('esbuild') as typeof import('esbuild');
  const outfile = path.join(RELIABILITY_OUT, 'bundles', `${path.basename(file, '.ts')}.cjs`);
  esbuild.buildSync({
    entryPoints: [file],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'error',
    external: [
      'better-sqlite3',
      'sharp',
      '@napi-rs/canvas',
      'pdfjs-dist',
      '@tensorflow/*',
      'electron',
      'ws',
      'tsx',
      'tsx/*',
    ],
  });
  bundled.set(file, outfile);
  return outfile;
}

/** Spawns a bundled TypeScript child with its stdout collected line by line. */
export function spawnTs(
  file: string,
  args: string[],
  env: Record<string, string> = {},
): { proc: ChildProcess; lines: string[] } {
  const proc = spawn(process.execPath, [bundleChild(file), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let buf = '';
  proc.stdout?.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop() ?? '';
    lines.push(...parts);
  });
  proc.stderr?.on('data', () => undefined);
  return { proc, lines };
}

/** A seeded PRNG so a failing kill schedule can be replayed (REDLAB_RELIABILITY_SEED). */
export function rng(seed = Number(process.env.REDLAB_RELIABILITY_SEED ?? Date.now() % 1e9)): {
  next: () => number;
  seed: number;
} {
  let s = seed >>> 0 || 1;
  return {
    seed,
    next: () => {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      return (s >>> 0) / 4294967296;
    },
  };
}

export function exited(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) resolve();
    else proc.once('exit', () => resolve());
  });
}
