import type { Database } from 'better-sqlite3';
import type { DataPaths } from '../app/paths';
import { insideDir } from '../app/paths';
import type { JobRunner } from '../jobs/job-runner';
import { CLASSES, type BoxClass } from '../shared/boxes';
import { AppError } from '../shared/errors';
import type { InferencePort } from './inference-port';
import { modelDirFor } from './model-dir';
import type { PredictionsRepo } from './predictions-repo';

export const INFERENCE_JOB = 'eval-inference';
/** Lowest score stored: COCO AP needs the low-confidence tail (detectron2 keeps 0.05). */
export const STORE_THRESHOLD = 0.05;
/** Pages per inference call (each starts its threads and loads the model; see review's detect job). */
const BATCH_PAGES = 32;

export interface InferenceJobParams {
  modelKey: string;
  pageIds: number[];
}

interface Deps {
  db: Database;
  paths: DataPaths;
  predictions: PredictionsRepo;
  inference: () => InferencePort;
}

function pageImages(deps: Deps, pageIds: readonly number[]): Map<string, number> {
  const rows = deps.db
    .prepare(`SELECT id, image_path FROM pages WHERE id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(pageIds)) as { id: number; image_path: string }[];
  const out = new Map<string, number>();
  for (const r of rows) {
    const file = insideDir(deps.paths.root, r.image_path);
    if (file) out.set(file, r.id);
  }
  return out;
}

/**
 * The job behind `evaluation:runInference`: runs `s.inference.detect` on pages in batches and stores
 * each page's boxes in `predictions` (and the page in `prediction_pages`), so a cancelled job keeps
 * what it finished.
 */
export function registerInferenceJob(jobs: JobRunner, deps: Deps): void {
  jobs.register<InferenceJobParams, { pages: number; boxes: number }>({
    kind: INFERENCE_JOB,
    lane: 'inference',
    title: (p) => `Predict redactions on ${p.pageIds.length} page${p.pageIds.length === 1 ? '' : 's'} (${p.modelKey})`,
    run: async (p, ctx) => {
      const inference = deps.inference();
      const modelDir = modelDirFor(deps.db, p.modelKey);
      const images = pageImages(deps, p.pageIds);
      const files = [...images.keys()];
      if (files.length === 0) throw new AppError('NOT_FOUND', 'None of these pages exists any more.');
      let boxes = 0;
      for (let i = 0; i < files.length; i += BATCH_PAGES) {
        ctx.throwIfCancelled();
        const batch = files.slice(i, i + BATCH_PAGES);
        const results = await inference.detect(
          { ...(modelDir ? { modelDir } : {}), images: batch, threshold: STORE_THRESHOLD },
          {
            signal: ctx.signal,
            onProgress: (f) => ctx.progress((i + f * batch.length) / files.length, `Page ${i + 1} of ${files.length}`),
          },
        );
        const pages = results.flatMap((r) => {
          const pageId = images.get(r.image);
          if (pageId === undefined) return [];
          const kept = r.detections.filter((d) => (CLASSES as readonly string[]).includes(d.class));
          boxes += kept.length;
          return [{ pageId, boxes: kept.map((d) => ({ class: d.class as BoxClass, box: d.box, score: d.score })) }];
        });
        deps.predictions.replacePages(p.modelKey, pages);
        ctx.progress(
          Math.min(1, (i + batch.length) / files.length),
          `Page ${Math.min(i + batch.length, files.length)} of ${files.length}`,
        );
      }
      return { pages: files.length, boxes };
    },
  });
}
