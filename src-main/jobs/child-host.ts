import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

declare const __REDLAB_BUNDLED__: boolean | undefined;

function bundled(): boolean {
  return typeof __REDLAB_BUNDLED__ !== 'undefined' && __REDLAB_BUNDLED__;
}

/**
 * The entry file of `src-main/workers/NAME.ts`: `out/main/workers/NAME.js` in the build (found
 * from whichever built file calls this: out/main, out/main/chunks or out/main/workers), the
 * TypeScript source otherwise.
 */
export function workerEntryFile(name: string): { file: string; fromSource: boolean } {
  if (bundled()) {
    const here = path.basename(__dirname);
    const mainDir = here === 'chunks' || here === 'workers' ? path.dirname(__dirname) : __dirname;
    return { file: path.join(mainDir, 'workers', `${name}.js`), fromSource: false };
  }
  const file = path.join(path.resolve(__dirname, '..'), 'workers', `${name}.ts`);
  if (!fs.existsSync(file)) throw new Error(`No worker entry ${file}`);
  return { file, fromSource: true };
}

export interface ForkOptions {
  env?: Record<string, string>;
  /** Extra V8 heap for the child, in MB. */
  maxOldSpaceMb?: number;
  /**
   * What becomes of the child's stdout and stderr: the caller's (default) or pipes the caller reads
   * (a CLI printing JSON must not get a child's stray output).
   */
  output?: 'inherit' | 'pipe';
  /** More Node/V8 flags for the child. */
  nodeFlags?: string[];
}

/**
 * V8 flags for the training process: one GC thread, since its replica threads already keep every
 * core busy (`bench/train.ts` at 512 px, 2 cores: 18.0–18.3 instead of 17.7–17.8 img/s).
 */
export const TRAINER_NODE_FLAGS = ['--single-threaded-gc'];

/**
 * Starts `src-main/workers/NAME` as a child process with an IPC channel. A child can be killed
 * (even with SIGKILL) without taking the caller down, which is what makes training resumable.
 * From source it runs through tsx (`--import tsx`).
 */
export function forkChild(name: string, opts: ForkOptions = {}): ChildProcess {
  const { file, fromSource } = workerEntryFile(name);
  const execArgv = fromSource ? ['--import', 'tsx'] : [];
  if (opts.maxOldSpaceMb) execArgv.push(`--max-old-space-size=${opts.maxOldSpaceMb}`);
  execArgv.push(...(opts.nodeFlags ?? []));
  // Inside Electron, run the child as plain Node (process.execPath is the Electron binary there).
  const electron = process.versions.electron ? { ELECTRON_RUN_AS_NODE: '1' } : {};
  return fork(file, [], {
    execArgv,
    env: { ...process.env, ...electron, ...opts.env },
    stdio: ['ignore', opts.output ?? 'inherit', opts.output ?? 'inherit', 'ipc'],
    serialization: 'advanced',
  });
}

/**
 * Starts `src-main/workers/NAME` as a worker thread (tsx's require hook from source), for code
 * that manages its own long-lived threads (training replicas).
 */
export function startThread(
  name: string,
  workerData: unknown,
  resourceLimits?: { maxOldGenerationSizeMb: number },
): Worker {
  const { file, fromSource } = workerEntryFile(name);
  if (!fromSource) return new Worker(file, { workerData, resourceLimits });
  const tsx = require.resolve('tsx/cjs');
  const source = `require(${JSON.stringify(tsx)}); require(${JSON.stringify(file)});`;
  return new Worker(source, { eval: true, workerData, resourceLimits });
}
