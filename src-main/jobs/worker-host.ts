import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorInfo } from '../shared/errors';

declare const __REDLAB_BUNDLED__: boolean | undefined;

/** Messages a worker sends to its host (see worker-side.ts). */
export type WorkerMessage =
  | { type: 'progress'; fraction: number; message?: string }
  | { type: 'event'; payload: unknown }
  | { type: 'result'; value: unknown }
  | { type: 'error'; error: ErrorInfo };

export interface RunWorkerOptions {
  signal?: AbortSignal;
  onProgress?: (fraction: number, message?: string) => void;
  onEvent?: (payload: unknown) => void;
  /** Heap limit for the worker in MB (hostile inputs must not take the app down). */
  maxOldGenerationSizeMb?: number;
  env?: Record<string, string>;
}

function isBundled(): boolean {
  return typeof __REDLAB_BUNDLED__ !== 'undefined' && __REDLAB_BUNDLED__;
}

/**
 * Where a worker entry lives: `out/main/workers/NAME.js` in the build, `src-main/workers/NAME.ts`
 * when running from source (tests, tsx), where it is loaded through tsx.
 */
export function workerEntry(name: string): { file: string; source: string | null } {
  if (isBundled()) {
    const mainDir = path.basename(__dirname) === 'chunks' ? path.dirname(__dirname) : __dirname;
    return { file: path.join(mainDir, 'workers', `${name}.js`), source: null };
  }
  // From source: register tsx's require hook inside the worker thread, then load the .ts entry.
  const file = path.join(path.resolve(__dirname, '..'), 'workers', `${name}.ts`);
  const tsx = require.resolve('tsx/cjs');
  return { file, source: `require(${JSON.stringify(tsx)}); require(${JSON.stringify(file)});` };
}

/**
 * Runs one task in a fresh worker thread and resolves with its result. Aborting the signal
 * terminates the worker at once (the task's own state must be crash-safe).
 */
export function runWorker<T>(name: string, input: unknown, opts: RunWorkerOptions = {}): Promise<T> {
  const { file, source } = workerEntry(name);
  return new Promise<T>((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(new AppError('CANCELLED', 'The operation was cancelled.'));
      return;
    }
    const worker = new Worker(source ?? file, {
      eval: source !== null,
      workerData: input,
      env: opts.env ? { ...process.env, ...opts.env } : process.env,
      resourceLimits: opts.maxOldGenerationSizeMb ? { maxOldGenerationSizeMb: opts.maxOldGenerationSizeMb } : undefined,
    });
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = (): void => {
      settle(() => reject(new AppError('CANCELLED', 'The operation was cancelled.')));
      void worker.terminate();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') opts.onProgress?.(m.fraction, m.message);
      else if (m.type === 'event') opts.onEvent?.(m.payload);
      else if (m.type === 'result') settle(() => resolve(m.value as T));
      else if (m.type === 'error') settle(() => reject(new AppError(m.error.code, m.error.message, m.error.details)));
    });
    worker.on('error', (e: Error & { code?: string }) => {
      const oom = e.code === 'ERR_WORKER_OUT_OF_MEMORY';
      settle(() =>
        reject(
          oom
            ? new AppError('OUT_OF_MEMORY', 'The work ran out of memory and was stopped; nothing saved was changed.')
            : new AppError('INTERNAL', `A background worker failed: ${e.message}`),
        ),
      );
    });
    worker.on('exit', (code) => {
      settle(() => reject(new AppError('INTERNAL', `A background worker stopped unexpectedly (exit code ${code}).`)));
    });
  });
}
