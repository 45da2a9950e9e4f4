import fs from 'node:fs';
import path from 'node:path';
import { WarmWorkers } from '../jobs/worker-host';
import type { BackendName } from '../shared/contract/app';
import { AppError } from '../shared/errors';
import { defaultModelDir } from './model-folder';
import { shares } from './engine/replica-pool';
import { cpuCount } from './engine/trainer-setup';
import type { InferImageResult, InferInput, InferResult } from '../workers/infer';

export interface DetectRequest {
  /** Model folder (exported model, run folder or checkpoint); the shipped default model when absent. */
  modelDir?: string;
  images: string[];
  /** Lowest score kept (default 0.3). */
  threshold?: number;
  batchSize?: number;
  /**
   * Worker threads sharing the pages (default: one per core, at most MAX_THREADS, never more than
   * there are batches; one with a native backend, which is itself multi-threaded).
   */
  threads?: number;
}

/** Most inference threads started for one request (each holds its own model and wasm memory). */
export const MAX_THREADS = 4;

/** An idle inference thread (and the model it holds) is stopped after this long. */
export const IDLE_MS = 60_000;

let nativeFound: boolean | null = null;

/**
 * Whether the `auto` backend may be a native TensorFlow (installed; it may still fail to load).
 * Looked up once: packages do not come and go while the app runs.
 */
function nativeInstalled(): boolean {
  nativeFound ??= ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'].some((pkg) => {
    try {
      require.resolve(pkg);
      return true;
    } catch {
      return false; // not installed
    }
  });
  return nativeFound;
}

export interface DetectOptions {
  signal?: AbortSignal;
  onProgress?: (fraction: number, message?: string) => void;
}

/**
 * Runs detectors on page images, off the main thread: `detect` resolves with every image's
 * boxes in page pixels `[x0, y0, x1, y1]`, class name and score. The pages are split into
 * contiguous shares, one per worker thread (wasm runs one core per thread), and come back in
 * the order given.
 */
export class InferenceService {
  /**
   * Threads kept warm between requests with their backend and last model loaded, so the Review
   * view's and the evaluation's batch after batch of pages pay for loading once.
   */
  private readonly workers = new WarmWorkers('infer', {
    maxIdle: MAX_THREADS,
    idleMs: IDLE_MS,
    maxOldGenerationSizeMb: 4096,
  });

  constructor(private readonly backend: () => BackendName | 'auto') {}

  /** Stops the inference threads (the app is closing). */
  close(): Promise<void> {
    return this.workers.close();
  }

  /** The model shipped with the app (resources/models/default). */
  defaultModelDir(): string {
    return defaultModelDir();
  }

  async detect(req: DetectRequest, opts: DetectOptions = {}): Promise<InferImageResult[]> {
    return (await this.run(req, opts)).results;
  }

  /** Like detect, with the backend used and the time taken. */
  async run(req: DetectRequest, opts: DetectOptions = {}): Promise<InferResult> {
    const modelDir = path.resolve(req.modelDir ?? this.defaultModelDir());
    if (!fs.existsSync(path.join(modelDir, 'model.json')) && !fs.existsSync(path.join(modelDir, 'state.json'))) {
      throw new AppError(
        'NOT_FOUND',
        req.modelDir
          ? `There is no model in ${modelDir}. Choose a folder with a model.json (an exported model or a finished run).`
          : `The default model is missing from ${modelDir}. Reinstall the app or choose a trained model.`,
      );
    }
    for (const img of req.images) {
      if (!fs.existsSync(img)) throw new AppError('NOT_FOUND', `The image ${img} does not exist.`);
    }
    if (req.images.length === 0) return { backend: 'cpu', classes: [], results: [], seconds: 0, warm: false };
    const backend = this.backend();
    const threshold = req.threshold ?? 0.3;
    const batchSize = Math.max(1, req.batchSize ?? 4);
    const images = req.images.map((i) => path.resolve(i));
    const native = backend === 'tfjs-node' || backend === 'tfjs-node-gpu' || (backend === 'auto' && nativeInstalled());
    const wanted = req.threads ?? (native ? 1 : Math.min(cpuCount(), MAX_THREADS));
    const parts = shares(images.length, Math.max(1, Math.min(wanted, Math.ceil(images.length / batchSize))));
    const t0 = performance.now();
    // One failing share stops the others; the caller's cancel stops them all.
    const stop = new AbortController();
    const onAbort = (): void => stop.abort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.signal?.aborted) stop.abort();
    let firstError: unknown = null;
    const done = parts.map(() => 0);
    const report = (): void => {
      const pages = done.reduce((a, b) => a + b, 0);
      opts.onProgress?.(pages / images.length, `${Math.round(pages)} of ${images.length} pages`);
    };
    try {
      const results = await Promise.all(
        parts.map(([a, b], k) => {
          const input: InferInput = { backend, modelDir, images: images.slice(a, b), threshold, batchSize };
          return this.workers
            .run<InferResult>(input, {
              signal: stop.signal,
              onProgress: (f) => {
                done[k] = f * (b - a);
                report();
              },
            })
            .catch((e: unknown) => {
              firstError ??= e;
              stop.abort();
              throw e;
            });
        }),
      ).catch((e: unknown) => {
        // the first failure, not the cancellations it caused in the other shares
        throw opts.signal?.aborted ? new AppError('CANCELLED', 'The operation was cancelled.') : (firstError ?? e);
      });
      return {
        backend: results[0]!.backend,
        classes: results[0]!.classes,
        results: results.flatMap((r) => r.results),
        seconds: (performance.now() - t0) / 1000,
        warm: results.every((r) => r.warm),
      };
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }
}
