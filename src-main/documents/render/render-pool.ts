import type { ChildProcess } from 'node:child_process';
import { forkChild } from '../../jobs/child-host';
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
  /** Render processes (default 2). */
  size?: number;
  /** Heap limit of each render process in MB. */
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
  child: ChildProcess;
  current: Pending | null;
  /** Font bytes its process has registered (reported with every finished task). */
  fontBytes: number;
  /** The end of its stderr (not shown: a V8 out-of-memory report is read from it). */
  stderr: string;
  timer: NodeJS.Timeout | null;
  idleTimer: NodeJS.Timeout | null;
}

const cancelledError = (): AppError => new AppError('CANCELLED', 'The import was cancelled.');

/**
 * glibc malloc settings for render processes: large buffers (page canvases, PNG rows) are reused
 * from the heap instead of being mapped and unmapped (and page-faulted in) every page. Other C
 * libraries ignore them.
 */
const MALLOC_ENV = {
  MALLOC_MMAP_THRESHOLD_: String(256 * 1024 * 1024),
  MALLOC_TRIM_THRESHOLD_: String(512 * 1024 * 1024),
  MALLOC_TOP_PAD_: String(64 * 1024 * 1024),
};

/** Whether a render process ended because V8 ran out of its heap limit. */
function outOfMemory(slot: Slot, signal: NodeJS.Signals | null, code: number | null): boolean {
  return /heap out of memory|Reached heap limit/i.test(slot.stderr) || signal === 'SIGABRT' || code === 134;
}

/**
 * A small pool of long-lived render processes (pdfjs and sharp load once per process, not per
 * file). Each has a heap limit; one that runs out of memory, crashes or hangs fails only its
 * current task and is replaced. Cancelling lets the page in progress finish and drops the rest.
 * PDF text is drawn through fonts (see pdf-fonts.ts); fonts stay registered in a process, so a
 * process that has registered FONT_BUDGET_BYTES of them is retired after its task and a fresh one
 * takes its place.
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

  /**
   * Starts up to `count` render processes ahead of their tasks, so they load pdfjs and sharp while
   * the files are being hashed and probed. They are idle (stopped after `idleMs`) until used.
   */
  warm(count = this.size): void {
    if (this.closed) return;
    while (this.slots.length < Math.min(count, this.size)) this.release(this.spawn());
  }

  async close(): Promise<void> {
    this.closed = true;
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
      this.setRef(slot, true);
      this.armTimeout(slot);
      slot.child.send({ type: 'task', id: p.id, task: p.task } satisfies HostMessage);
    }
  }

  private spawn(): Slot {
    const child = forkChild('import-render', {
      maxOldSpaceMb: this.heapMb,
      output: 'pipe',
      env: MALLOC_ENV,
      // V8's parallel GC helpers of two render processes fight over the same cores: one GC thread
      // per process rendered 200 text pages in 4.1 s instead of 5.5 s on 2 cores
      nodeFlags: ['--single-threaded-gc'],
    });
    const slot: Slot = { child, current: null, fontBytes: 0, stderr: '', timer: null, idleTimer: null };
    const debug = Boolean(process.env.REDLAB_DEBUG);
    child.stdout?.on('data', (d: Buffer) => debug && process.stderr.write(d));
    child.stderr?.on('data', (d: Buffer) => {
      slot.stderr = (slot.stderr + d.toString('utf8')).slice(-4096);
      if (debug) process.stderr.write(d);
    });
    child.on('message', (m: WorkerReply) => this.onMessage(slot, m));
    child.on('error', () => this.fail(slot, importErrors.workerCrashed()));
    child.on('exit', (code, signal) => {
      // the stderr pipe may still hold the last words: read them before judging
      setImmediate(() =>
        this.fail(slot, outOfMemory(slot, signal, code) ? importErrors.outOfMemory() : importErrors.workerCrashed()),
      );
    });
    this.slots.push(slot);
    return slot;
  }

  /** A busy process keeps the app (or CLI) alive; an idle one does not. */
  private setRef(slot: Slot, on: boolean): void {
    const channel = slot.child.channel as { ref?: () => void; unref?: () => void } | null | undefined;
    if (on) {
      slot.child.ref();
      channel?.ref?.();
    } else {
      slot.child.unref();
      channel?.unref?.();
    }
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
    if (slot.fontBytes >= FONT_BUDGET_BYTES) void this.stop(slot);
    this.dispatch();
  }

  private armTimeout(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = setTimeout(() => {
      this.fail(slot, importErrors.timeout(Math.round(this.pageTimeoutMs / 1000)));
    }, this.pageTimeoutMs);
    slot.timer.unref();
  }

  /** A process died, ran out of memory or hung: fail its task, drop it, carry on with a new one. */
  private fail(slot: Slot, error: AppError): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    const p = slot.current;
    slot.current = null;
    if (slot.timer) clearTimeout(slot.timer);
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.child.kill('SIGKILL');
    if (p) this.settle(p, p.signal?.aborted ? cancelledError() : error);
    if (!this.closed) this.dispatch();
  }

  private release(slot: Slot): void {
    slot.current = null;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    this.setRef(slot, false);
    slot.idleTimer = setTimeout(() => void this.stop(slot), this.idleMs);
    slot.idleTimer.unref();
  }

  private async stop(slot: Slot): Promise<void> {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    if (slot.timer) clearTimeout(slot.timer);
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.child.removeAllListeners('exit');
    slot.child.removeAllListeners('error');
    slot.child.on('error', () => undefined);
    if (slot.current) this.settle(slot.current, cancelledError());
    slot.current = null;
    if (slot.child.exitCode !== null || slot.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => slot.child.once('exit', () => resolve()));
    // an idle process is unreferenced: referenced again, the wait for its exit keeps Node running
    slot.child.ref();
    slot.child.kill('SIGKILL');
    await exited;
  }

  private abort(p: Pending): void {
    const qi = this.queue.indexOf(p);
    if (qi >= 0) {
      this.queue.splice(qi, 1);
      this.settle(p, cancelledError());
      return;
    }
    const slot = this.slots.find((s) => s.current === p);
    if (slot?.child.connected) slot.child.send({ type: 'cancel', id: p.id } satisfies HostMessage);
  }

  private settle(p: Pending, error: AppError | null, value?: unknown): void {
    if (p.onAbort) p.signal?.removeEventListener('abort', p.onAbort);
    if (error) p.reject(error);
    else p.resolve(value);
  }
}
