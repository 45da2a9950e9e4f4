import { Worker } from 'node:worker_threads';
import { workerEntry } from '../../jobs/worker-host';
import { AppError } from '../../shared/errors';
import { importErrors } from '../import/messages';
import {
  FONT_BUDGET_BYTES,
  type HostMessage,
  type RenderedPageInfo,
  type WorkerReply,
  type WorkerTask,
} from './protocol';

export interface PoolOptions {
  /** Worker threads (default 2). */
  size?: number;
  /** Heap limit of each worker in MB. */
  heapMb?: number;
  /** A task is given up when no page arrived for this long. */
  pageTimeoutMs?: number;
  /** Idle workers are stopped after this long. */
  idleMs?: number;
}

interface Pending {
  id: number;
  task: WorkerTask;
  signal?: AbortSignal;
  onPage?: (p: RenderedPageInfo) => void;
  resolve: (v: unknown) => void;
  reject: (e: AppError) => void;
  onAbort?: () => void;
}

interface Slot {
  worker: Worker;
  current: Pending | null;
  /** Font bytes its thread has registered (reported with every finished task). */
  fontBytes: number;
  timer: NodeJS.Timeout | null;
  idleTimer: NodeJS.Timeout | null;
}

const cancelledError = (): AppError => new AppError('CANCELLED', 'The import was cancelled.');

/** Font bytes registered by workers that are gone (their fonts stay registered in the process). */
let retiredFontBytes = 0;
const livePools = new Set<RenderPool>();

/** Font bytes PDF rendering has registered in this process, all pools together. */
export function processFontBytes(): number {
  let n = retiredFontBytes;
  for (const p of livePools) n += p.fontBytes;
  return n;
}

/**
 * A small pool of long-lived render workers (pdfjs and sharp load once per worker, not per file).
 * Each worker has a heap limit; a worker that runs out of memory, crashes or hangs fails only
 * its current task and is replaced. Cancelling lets the page in progress finish (terminating a
 * thread inside libvips can take the process down) and drops the rest. PDF text is drawn through
 * fonts until the process has registered FONT_BUDGET_BYTES of them (see pdf-fonts.ts).
 */
export class RenderPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  private readonly size: number;
  private readonly heapMb: number;
  private readonly pageTimeoutMs: number;
  private readonly idleMs: number;

  constructor(opts: PoolOptions = {}) {
    this.size = Math.max(1, opts.size ?? 2);
    this.heapMb = opts.heapMb ?? 768;
    this.pageTimeoutMs = opts.pageTimeoutMs ?? 90_000;
    this.idleMs = opts.idleMs ?? 30_000;
    // sharp's native libraries must be loaded by the main thread before any worker uses them.
    require('sharp');
    livePools.add(this);
  }

  get workers(): number {
    return this.slots.length;
  }

  get fontBytes(): number {
    return this.slots.reduce((n, s) => n + s.fontBytes, 0);
  }

  /** Runs a task on the next free worker; `onPage` receives each rendered page as it is written. */
  run<T>(task: WorkerTask, opts: { signal?: AbortSignal; onPage?: (p: RenderedPageInfo) => void } = {}): Promise<T> {
    if (this.closed) return Promise.reject(new AppError('CANCELLED', 'The app is shutting down.'));
    if (opts.signal?.aborted) return Promise.reject(cancelledError());
    return new Promise<T>((resolve, reject) => {
      const p: Pending = {
        id: this.nextId++,
        task,
        signal: opts.signal,
        onPage: opts.onPage,
        resolve: resolve as (v: unknown) => void,
        reject,
      };
      p.onAbort = () => this.abort(p);
      opts.signal?.addEventListener('abort', p.onAbort, { once: true });
      this.queue.push(p);
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    livePools.delete(this);
    for (const p of this.queue.splice(0)) this.settle(p, cancelledError());
    await Promise.all([...this.slots].map((s) => this.stop(s)));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.current === null);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const p = this.queue.shift()!;
      slot.current = p;
      if (slot.idleTimer) clearTimeout(slot.idleTimer);
      slot.idleTimer = null;
      slot.worker.ref();
      this.armTimeout(slot);
      const task = p.task.type === 'pdf' ? { ...p.task, fonts: processFontBytes() < FONT_BUDGET_BYTES } : p.task;
      slot.worker.postMessage({ type: 'task', id: p.id, task } satisfies HostMessage);
    }
  }

  private spawn(): Slot {
    const { file, source } = workerEntry('import-render');
    const worker = new Worker(source ?? file, {
      eval: source !== null,
      resourceLimits: { maxOldGenerationSizeMb: this.heapMb },
    });
    const slot: Slot = { worker, current: null, fontBytes: 0, timer: null, idleTimer: null };
    worker.on('message', (m: WorkerReply) => this.onMessage(slot, m));
    worker.on('error', (e: Error & { code?: string }) => {
      this.fail(
        slot,
        e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? importErrors.outOfMemory() : importErrors.workerCrashed(),
      );
    });
    worker.on('exit', () => this.fail(slot, importErrors.workerCrashed()));
    this.slots.push(slot);
    return slot;
  }

  private onMessage(slot: Slot, m: WorkerReply): void {
    const p = slot.current;
    if (!p || p.id !== m.id) return;
    if (m.type === 'page') {
      this.armTimeout(slot);
      p.onPage?.(m.page);
      return;
    }
    this.release(slot);
    slot.fontBytes = m.fontBytes;
    if (m.type === 'done') this.settle(p, null, m.value);
    else this.settle(p, new AppError(m.error.code, m.error.message, m.error.details));
    this.dispatch();
  }

  private armTimeout(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = setTimeout(() => {
      this.fail(slot, importErrors.timeout(Math.round(this.pageTimeoutMs / 1000)));
    }, this.pageTimeoutMs);
    slot.timer.unref();
  }

  /** A worker died, ran out of memory or hung: fail its task, drop it, carry on with a new one. */
  private fail(slot: Slot, error: AppError): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    retiredFontBytes += slot.fontBytes;
    const p = slot.current;
    slot.current = null;
    if (slot.timer) clearTimeout(slot.timer);
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    void slot.worker.terminate().catch(() => undefined);
    if (p) this.settle(p, p.signal?.aborted ? cancelledError() : error);
    if (!this.closed) this.dispatch();
  }

  private release(slot: Slot): void {
    slot.current = null;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.worker.unref();
    slot.idleTimer = setTimeout(() => void this.stop(slot), this.idleMs);
    slot.idleTimer.unref();
  }

  private async stop(slot: Slot): Promise<void> {
    const i = this.slots.indexOf(slot);
    if (i >= 0) {
      this.slots.splice(i, 1);
      retiredFontBytes += slot.fontBytes;
    }
    if (slot.timer) clearTimeout(slot.timer);
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.worker.removeAllListeners('exit');
    slot.worker.removeAllListeners('error');
    slot.worker.on('error', () => undefined);
    if (slot.current) this.settle(slot.current, cancelledError());
    slot.current = null;
    await slot.worker.terminate().catch(() => undefined);
  }

  private abort(p: Pending): void {
    const qi = this.queue.indexOf(p);
    if (qi >= 0) {
      this.queue.splice(qi, 1);
      this.settle(p, cancelledError());
      return;
    }
    const slot = this.slots.find((s) => s.current === p);
    slot?.worker.postMessage({ type: 'cancel', id: p.id } satisfies HostMessage);
  }

  private settle(p: Pending, error: AppError | null, value?: unknown): void {
    if (p.onAbort) p.signal?.removeEventListener('abort', p.onAbort);
    if (error) p.reject(error);
    else p.resolve(value);
  }
}
