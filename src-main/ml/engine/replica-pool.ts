import type { Worker } from 'node:worker_threads';
import { startThread } from '../../jobs/child-host';
import type { BackendName } from '../../shared/contract/app';
import { AppError } from '../../shared/errors';
import type { DetectorConfig } from '../model/config';
import {
  addWeightedLosses,
  addWeightedStep,
  type PlainTargets,
  type ReplicaReply,
  type ReplicaRequest,
  type StepReply,
} from './replica-protocol';

/** Raised when a replica ran out of memory: retry with smaller micro-batches. */
export class ReplicaOomError extends Error {}

interface Replica {
  worker: Worker;
  pending: Map<number, { resolve: (r: ReplicaReply) => void; reject: (e: Error) => void }>;
  dead: Error | null;
}

/** Splits n items into k contiguous shares as even as possible (the first get the extra). */
export function shares(n: number, k: number): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  for (let i = 0; i < k; i++) {
    const len = Math.floor(n / k) + (i < n % k ? 1 : 0);
    if (len > 0) out.push([start, start + len]);
    start += len;
  }
  return out;
}

type Ready = Extract<ReplicaReply, { kind: 'ready' }>;

/** Starts replica threads and waits until each has loaded its backend. */
async function startReplicas(
  n: number,
  backend: BackendName | 'auto',
  config: DetectorConfig,
  params: SharedArrayBuffer,
) {
  const replicas: Replica[] = [];
  const ready: Promise<Ready>[] = [];
  for (let i = 0; i < n; i++) {
    const worker = startThread('train-replica', { backend, config, params });
    replicas.push({ worker, pending: new Map(), dead: null });
    ready.push(
      new Promise((resolve, reject) => {
        worker.once('message', (m: ReplicaReply) => {
          if (m.kind === 'ready') resolve(m);
          else if (m.kind === 'error') reject(new AppError(m.error.code, m.error.message));
          else reject(new AppError('INTERNAL', 'A training thread failed to start.'));
        });
        worker.once('error', reject);
      }),
    );
  }
  try {
    return { replicas, ready: await Promise.all(ready) };
  } catch (e) {
    await Promise.allSettled(replicas.map((r) => r.worker.terminate()));
    throw e;
  }
}

/**
 * Data-parallel replicas in worker threads. Each step splits the batch into contiguous shares,
 * runs forward and backward on every replica at once, and averages gradients, losses and
 * batch-norm statistics by share size. Weights are read from one shared buffer (`params`).
 */
export class ReplicaPool {
  private nextId = 1;
  /** Bump after writing new weights into `params` so the replicas reload them. */
  version = 0;

  private constructor(
    private readonly replicas: Replica[],
    readonly backend: BackendName,
    readonly report: unknown,
  ) {}

  /**
   * Starts `n` replicas. With a native backend (tfjs-node, itself multi-threaded, and not made
   * for several worker threads) one replica is kept whatever `n` is: the first replica reports
   * the backend it loaded before the others start.
   */
  static async create(n: number, backend: BackendName | 'auto', config: DetectorConfig, params: SharedArrayBuffer) {
    const first = await startReplicas(1, backend, config, params);
    const native = first.ready[0]!.backend === 'tfjs-node' || first.ready[0]!.backend === 'tfjs-node-gpu';
    let replicas = first.replicas;
    if (n > 1 && !native) {
      try {
        replicas = [...replicas, ...(await startReplicas(n - 1, first.ready[0]!.backend, config, params)).replicas];
      } catch (e) {
        await Promise.allSettled(replicas.map((r) => r.worker.terminate()));
        throw e;
      }
    }
    const pool = new ReplicaPool(replicas, first.ready[0]!.backend, first.ready[0]!.report);
    for (const r of replicas) pool.listen(r);
    return pool;
  }

  get size(): number {
    return this.replicas.length;
  }

  private listen(r: Replica): void {
    r.worker.on('message', (m: ReplicaReply) => {
      if (m.kind === 'ready') return;
      const p = r.pending.get(m.id);
      if (!p) return;
      r.pending.delete(m.id);
      if (m.kind === 'error') {
        p.reject(m.oom ? new ReplicaOomError(m.error.message) : new AppError(m.error.code, m.error.message));
      } else p.resolve(m);
    });
    const fail = (e: Error): void => {
      r.dead = e;
      for (const p of r.pending.values()) p.reject(e);
      r.pending.clear();
    };
    r.worker.on('error', (e: Error & { code?: string }) =>
      fail(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new ReplicaOomError(e.message) : e),
    );
    r.worker.on('exit', (code) => fail(new Error(`A training thread stopped (exit code ${code}).`)));
  }

  private call(r: Replica, req: ReplicaRequest, transfer: ArrayBuffer[] = []): Promise<ReplicaReply> {
    if (r.dead) return Promise.reject(r.dead);
    return new Promise((resolve, reject) => {
      r.pending.set(req.id, { resolve, reject });
      r.worker.postMessage(req, transfer);
    });
  }

  /** One data-parallel gradient computation over the batch. */
  async step(
    images: Uint8Array[],
    targets: PlainTargets[],
    microBatch: number,
    simulateOom?: 'batch' | 'always',
  ): Promise<StepReply> {
    const parts = shares(images.length, this.replicas.length);
    const replies = await Promise.all(
      parts.map(([a, b], i) =>
        this.call(this.replicas[i]!, {
          kind: 'step',
          id: this.nextId++,
          version: this.version,
          images: images.slice(a, b),
          targets: targets.slice(a, b),
          microBatch: Math.max(1, Math.min(microBatch, b - a)),
          simulateOom,
        }),
      ),
    );
    let sum: StepReply | null = null;
    replies.forEach((rep, i) => {
      const w = (parts[i]![1] - parts[i]![0]) / images.length;
      sum = addWeightedStep(sum, (rep as Extract<ReplicaReply, { kind: 'step' }>).result, w);
    });
    return sum!;
  }

  /** Raw head outputs per image (see Detector.predict), in input order. */
  async predict(images: Uint8Array[]): Promise<Float32Array[]> {
    const parts = shares(images.length, this.replicas.length);
    const replies = await Promise.all(
      parts.map(([a, b], i) =>
        this.call(this.replicas[i]!, {
          kind: 'predict',
          id: this.nextId++,
          version: this.version,
          images: images.slice(a, b),
        }),
      ),
    );
    return replies.flatMap((r) => (r as Extract<ReplicaReply, { kind: 'predict' }>).outputs);
  }

  /** Validation losses (running statistics, no gradients), averaged by images. */
  async loss(images: Uint8Array[], targets: PlainTargets[]): Promise<Record<string, number>> {
    const parts = shares(images.length, this.replicas.length);
    const replies = await Promise.all(
      parts.map(([a, b], i) =>
        this.call(this.replicas[i]!, {
          kind: 'loss',
          id: this.nextId++,
          version: this.version,
          images: images.slice(a, b),
          targets: targets.slice(a, b),
        }),
      ),
    );
    const out: Record<string, number> = {};
    replies.forEach((rep, i) => {
      const w = (parts[i]![1] - parts[i]![0]) / images.length;
      addWeightedLosses(out, (rep as Extract<ReplicaReply, { kind: 'loss' }>).losses, w);
    });
    return out;
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.replicas.map((r) => r.worker.terminate()));
  }
}
