import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runWorker } from '../jobs/worker-host';
import type { SynthSettings } from '../shared/contract/synth';
import { AppError } from '../shared/errors';
import type { BatchPage, SynthWorkerInput } from './batch-types';
import { buildCoco } from './coco';
import { defaultFontsDir } from './constants';

export interface BatchOptions {
  settings: SynthSettings;
  seed: number;
  count: number;
  /** Index of the first page (pages are `first .. first + count - 1`). Default 0. */
  first?: number;
  /** Pages are written to `outDir/images/`. */
  outDir: string;
  /** Worker threads (default: up to 2, one per core). */
  workers?: number;
  fontsDir?: string;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export function defaultWorkers(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(2, cores));
}

/**
 * Generates pages `first .. first+count-1` in worker threads (pages interleaved across workers),
 * writing PNGs as they come; resolves with every page's labels in index order. The output depends
 * only on settings, seed and indices, never on the number of workers.
 */
export async function generateBatch(o: BatchOptions): Promise<BatchPage[]> {
  const first = o.first ?? 0;
  const workers = Math.max(1, Math.min(o.workers ?? defaultWorkers(), o.count));
  fs.mkdirSync(path.join(o.outDir, 'images'), { recursive: true });
  const pages: BatchPage[] = [];
  const inner = new AbortController();
  const onAbort = (): void => inner.abort();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  const runs: Promise<unknown>[] = [];
  for (let k = 0; k < workers; k++) {
    const indices: number[] = [];
    for (let i = k; i < o.count; i += workers) indices.push(first + i);
    const input: SynthWorkerInput = {
      settings: o.settings,
      seed: o.seed,
      indices,
      outDir: o.outDir,
      fileName: '{index}.png',
      fontsDir: o.fontsDir ?? defaultFontsDir(),
    };
    runs.push(
      runWorker('synth', input, {
        signal: inner.signal,
        onEvent: (p) => {
          pages.push(p as BatchPage);
          o.onProgress?.(pages.length, o.count);
        },
      }),
    );
  }
  try {
    const results = await Promise.allSettled(runs);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      inner.abort();
      throw failed.reason instanceof Error ? failed.reason : new AppError('INTERNAL', String(failed.reason));
    }
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
  }
  if (o.signal?.aborted) throw new AppError('CANCELLED', 'The generation was cancelled.');
  return pages.sort((a, b) => a.index - b.index);
}

/** Generates a set and writes `outDir/images/*.png` and `outDir/annotations.json` (COCO). */
export async function writeCocoSet(
  o: BatchOptions & { profile?: string },
): Promise<{ pages: number; boxes: number; file: string }> {
  const pages = await generateBatch(o);
  const coco = buildCoco(pages, { settings: o.settings, seed: o.seed, profile: o.profile ?? null });
  const file = path.join(o.outDir, 'annotations.json');
  fs.writeFileSync(file, JSON.stringify(coco) + '\n');
  return { pages: pages.length, boxes: coco.annotations.length, file };
}
