import path from 'node:path';
import { CLASSES, clipBox, type BoxClass } from '../shared/boxes';
import { AppError } from '../shared/errors';
import type { JobContext } from '../jobs/job-runner';
import type { DetectorPort } from './detector-port';
import type { ReviewPageRow, ReviewRepo } from './review-repo';

export interface DetectParams {
  modelKey: string;
  modelDir: string;
  documentIds?: number[];
  folder?: string;
  minScore?: number;
}

export interface DetectResult {
  pages: number;
  predictions: number;
  documentIds: number[];
  importErrors: number;
}

export interface DetectDeps {
  repo: ReviewRepo;
  root: string;
  detector: () => DetectorPort;
  importFolder: (folder: string, ctx: JobContext) => Promise<{ ids: number[]; errors: number }>;
}

/**
 * Pages per call into the detector (what a call finished is stored; cancelling stops the call).
 * Each call starts its worker threads and loads the model: 8 pages a call ran at 3.4 pages/s on a
 * 2-core machine, 32 at 5.0.
 */
const BATCH = 32;

function isClass(c: string): c is BoxClass {
  return (CLASSES as readonly string[]).includes(c);
}

/** Stores one page's detections, scaled to the page when the detector read a resized image. */
function store(
  repo: ReviewRepo,
  page: ReviewPageRow,
  modelKey: string,
  r: {
    width: number;
    height: number;
    detections: { class: string; box: [number, number, number, number]; score: number }[];
  },
): number {
  const sx = r.width > 0 ? page.width / r.width : 1;
  const sy = r.height > 0 ? page.height / r.height : 1;
  const boxes = r.detections
    .filter((d) => isClass(d.class) && Number.isFinite(d.score))
    .map((d) => ({
      class: d.class as BoxClass,
      box: clipBox([d.box[0] * sx, d.box[1] * sy, d.box[2] * sx, d.box[3] * sy], page.width, page.height),
      score: d.score,
    }))
    .filter((d) => d.box[2] > d.box[0] && d.box[3] > d.box[1]);
  repo.insertPredictions(page.id, modelKey, boxes);
  return boxes.length;
}

/**
 * Runs the detector over the pages of some documents (after importing a folder, if given) and
 * stores every detection as a prediction row of `modelKey`. Pages that already have
 * predictions of that model keep them (and their review decisions).
 */
export async function runDetect(p: DetectParams, ctx: JobContext, deps: DetectDeps): Promise<DetectResult> {
  const detector = deps.detector();
  let ids = [...(p.documentIds ?? [])];
  let importErrors = 0;
  if (p.folder) {
    const r = await deps.importFolder(p.folder, ctx);
    ids = [...ids, ...r.ids];
    importErrors = r.errors;
    if (r.ids.length === 0) throw new AppError('NOT_FOUND', `No documents could be imported from ${p.folder}.`);
  }
  const pages = deps.repo
    .pages(ids.length ? ids : undefined)
    .filter((pg) => !deps.repo.hasPredictions(pg.id, p.modelKey));
  let predictions = 0;
  const start = p.folder ? 0.3 : 0;
  for (let i = 0; i < pages.length; i += BATCH) {
    ctx.throwIfCancelled();
    const batch = pages.slice(i, i + BATCH);
    const images = batch.map((pg) => path.resolve(deps.root, pg.imagePath));
    const results = await detector.detect(
      { modelDir: p.modelDir, images, threshold: p.minScore ?? 0.05 },
      {
        signal: ctx.signal,
        onProgress: (f) =>
          ctx.progress(
            start + ((1 - start) * (i + f * batch.length)) / pages.length,
            `Detecting page ${i + 1} of ${pages.length}`,
          ),
      },
    );
    batch.forEach((pg, k) => {
      const r = results[k];
      if (r) predictions += store(deps.repo, pg, p.modelKey, r);
    });
    ctx.progress(
      start + ((1 - start) * (i + batch.length)) / pages.length,
      `Detected ${i + batch.length} of ${pages.length} pages`,
    );
  }
  return { pages: pages.length, predictions, documentIds: [...new Set(ids)], importErrors };
}
