import fs from 'node:fs';
import path from 'node:path';
import { runWorker } from '../jobs/worker-host';
import type { BackendName } from '../shared/contract/app';
import { AppError } from '../shared/errors';
import { defaultModelDir } from './model-folder';
import type { InferImageResult, InferInput, InferResult } from '../workers/infer';

export interface DetectRequest {
  /** Model folder (exported model, run folder or checkpoint); the shipped default model when absent. */
  modelDir?: string;
  images: string[];
  /** Lowest score kept (default 0.3). */
  threshold?: number;
  batchSize?: number;
}

export interface DetectOptions {
  signal?: AbortSignal;
  onProgress?: (fraction: number, message?: string) => void;
}

/**
 * Runs detectors on page images, off the main thread: `detect` resolves with every image's
 * boxes in page pixels `[x0, y0, x1, y1]`, class name and score.
 */
export class InferenceService {
  constructor(private readonly backend: () => BackendName | 'auto') {}

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
    if (req.images.length === 0) return { backend: 'cpu', classes: [], results: [], seconds: 0 };
    const input: InferInput = {
      backend: this.backend(),
      modelDir,
      images: req.images.map((i) => path.resolve(i)),
      threshold: req.threshold ?? 0.3,
      batchSize: req.batchSize ?? 4,
    };
    return runWorker<InferResult>('infer', input, {
      signal: opts.signal,
      onProgress: opts.onProgress,
      maxOldGenerationSizeMb: 4096,
    });
  }
}
