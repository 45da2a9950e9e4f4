import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorInfo } from '../shared/errors';
import type { WarmRequest } from './worker-side';

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

const cancelled = (): AppError => new AppError('CANCELLED', 'The operation was cancelled.');

/** What a worker thread's own failure (not its task's) means to the caller. */
function workerFailure(e: Error & { code?: string }): AppError {
  return e.code === 'ERR_WORKER_OUT_OF_MEMORY'
    ? new AppError('OUT_OF_MEMORY', 'The work ran out of memory and was stopped; nothing saved was changed.')
    : new AppError('INTERNAL', `A background worker failed: ${e.message}`);
}

const stoppedUnexpectedly = (code: number): AppError =>
  new AppError('INTERNAL', `A background worker stopped unexpectedly (exit code ${code}).`);

/** Hands one message of a task to the caller: progress and events to its callbacks, the outcome to resolve or reject. */
function dispatch<T>(
  m: WorkerMessage,
  opts: RunWorkerOptions,
  resolve: (v: T) => void,
  reject: (e: Error) => void,
): void {
  if (m.type === 'progress') opts.onProgress?.(m.fraction, m.message);
  else if (m.type === 'event') opts.onEvent?.(m.payload);
  else if (m.type === 'result') resolve(m.value as T);
  else reject(new AppError(m.error.code, m.error.message, m.error.details));
}

function startWorker(name: string, workerData: unknown, opts: RunWorkerOptions): Worker {
  const { file, source } = workerEntry(name);
  return new Worker(source ?? file, {
    eval: source !== null,
    workerData,
    env: opts.env ? { ...process.env, ...opts.env } : process.env,
    resourceLimits: opts.maxOldGenerationSizeMb ? { maxOldGenerationSizeMb: opts.maxOldGenerationSizeMb } : undefined,
  });
}

/**
 * Runs one task in a fresh worker thread and resolves with its result. Aborting the signal
 * terminates the worker at once (the task's own state must be crash-safe).
 */
export function runWorker<T>(name: string, input: unknown, opts: RunWorkerOptions = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(cancelled());
      return;
    }
    const worker = startWorker(name, input, opts);
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = (): void => {
      settle(() => reject(cancelled()));
      void worker.terminate();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: WorkerMessage) =>
      dispatch<T>(
        m,
        opts,
        (v) => settle(() => resolve(v)),
        (e) => settle(() => reject(e)),
      ),
    );
    worker.on('error', (e: Error & { code?: string }) => settle(() => reject(workerFailure(e))));
    worker.on('exit', (code) => settle(() => reject(stoppedUnexpectedly(code))));
  });
}

export interface WarmWorkersOptions {
  /** Idle workers kept at most; more are stopped as they finish. */
  maxIdle: number;
  /** An idle worker is stopped after this long (ms). */
  idleMs: number;
  /** Heap limit per worker in MB. */
  maxOldGenerationSizeMb?: number;
}

interface WarmWorker {
  worker: Worker;
  timer: NodeJS.Timeout | null;
}

/**
 * Worker threads of one entry (written with `serveWorker`) kept alive between tasks, so what a
 * task loads (a backend, a model) is there for the next one. A task takes an idle worker or
 * starts one; several tasks at once run on several workers. Idle workers do not keep the process
 * alive and are stopped after `idleMs`. Cancelling a task terminates its worker; a task's own
 * error leaves its worker usable.
 */
export class WarmWorkers {
  private idle: WarmWorker[] = [];
  private readonly all = new Set<WarmWorker>();
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly name: string,
    private readonly o: WarmWorkersOptions,
  ) {}

  /** Runs one task on a warm worker (the heap limit and environment are the pool's). */
  run<T>(input: unknown, opts: Pick<RunWorkerOptions, 'signal' | 'onProgress' | 'onEvent'> = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.closed) {
        reject(new AppError('CANCELLED', 'The app is closing.'));
        return;
      }
      if (opts.signal?.aborted) {
        reject(cancelled());
        return;
      }
      const w = this.take();
      const id = this.nextId++;
      let settled = false;
      const settle = (keep: boolean, fn: () => void): void => {
        if (settled) return;
        settled = true;
        opts.signal?.removeEventListener('abort', onAbort);
        w.worker.off('message', onMessage);
        w.worker.off('error', onError);
        w.worker.off('exit', onExit);
        if (keep) this.release(w);
        else void this.drop(w);
        fn();
      };
      const onMessage = (m: WorkerMessage & { id: number }): void => {
        if (m.id !== id) return;
        dispatch<T>(
          m,
          opts,
          (v) => settle(true, () => resolve(v)),
          (e) => settle(true, () => reject(e)),
        );
      };
      const onError = (e: Error & { code?: string }): void => settle(false, () => reject(workerFailure(e)));
      const onExit = (code: number): void => settle(false, () => reject(stoppedUnexpectedly(code)));
      const onAbort = (): void => settle(false, () => reject(cancelled()));
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      w.worker.on('message', onMessage);
      w.worker.on('error', onError);
      w.worker.on('exit', onExit);
      w.worker.postMessage({ id, input } satisfies WarmRequest);
    });
  }

  /** Stops every worker, idle or busy (busy tasks fail as stopped). */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.all];
    this.idle = [];
    await Promise.allSettled(all.map((w) => this.drop(w)));
  }

  private take(): WarmWorker {
    const w = this.idle.pop();
    if (w) {
      if (w.timer) clearTimeout(w.timer);
      w.timer = null;
      w.worker.ref();
      return w;
    }
    const worker = startWorker(this.name, null, { maxOldGenerationSizeMb: this.o.maxOldGenerationSizeMb });
    const made: WarmWorker = { worker, timer: null };
    this.all.add(made);
    // An idle worker that dies is forgotten; a busy one's task hears of it through its own listeners.
    worker.on('error', () => undefined);
    worker.on('exit', () => {
      this.all.delete(made);
      this.idle = this.idle.filter((x) => x !== made);
      if (made.timer) clearTimeout(made.timer);
    });
    return made;
  }

  private release(w: WarmWorker): void {
    if (this.closed || this.idle.length >= this.o.maxIdle) {
      void this.drop(w);
      return;
    }
    w.worker.unref();
    w.timer = setTimeout(() => {
      this.idle = this.idle.filter((x) => x !== w);
      void this.drop(w);
    }, this.o.idleMs);
    w.timer.unref();
    this.idle.push(w);
  }

  private async drop(w: WarmWorker): Promise<void> {
    if (w.timer) clearTimeout(w.timer);
    w.timer = null;
    this.all.delete(w);
    await w.worker.terminate();
  }
}
