import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh temporary folder, removed by the returned cleanup function. */
export function tmpDir(prefix = 'redlab-test-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The repository root (tests run from source; the built app lives in out/). */
export const ROOT = path.resolve(__dirname, '..', '..');
export const SHARED = path.resolve(ROOT, '..', 'shared');
export const CLI = path.join(ROOT, 'bin', 'redlab.cjs');
