import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { DataPaths } from '../app/paths';
import { insideDir } from '../app/paths';
import type { MediaRegistry } from '../app/media';
import type { JobRunner } from '../jobs/job-runner';
import type { Box } from '../shared/boxes';
import type { JobDTO } from '../shared/contract/jobs';
import type { ErrorAnalysisDTO, EvalMetricsDTO, EvalSelectionDTO, ModelKeyDTO } from '../shared/contract/evaluation';
import { AppError, isAppError } from '../shared/errors';
import { analyzeErrors, suggestedThreshold } from './error-analysis';
import { loadEvalPages, selectPages, type PageSelectionQuery } from './eval-pages';
import { cropFile, cropMediaPath, cropRect, parseRect, renderCrops, renderCropSync } from './crops';
import type { InferencePort } from './inference-port';
import { registerInferenceJob, INFERENCE_JOB, type InferenceJobParams } from './inference-job';
import { PredictionsRepo } from './predictions-repo';
import { modelDirFor } from './model-dir';
import { computeMetrics } from './run-metrics';

export interface EvaluationDeps {
  db: Database;
  paths: DataPaths;
  jobs: JobRunner;
  media: MediaRegistry;
  /** The ML engine's inference service; throws NOT_IMPLEMENTED while it does not exist. */
  inference: () => InferencePort;
}

export interface CropItem {
  pageId: number;
  box: Box;
}

function selectionOf(q: PageSelectionQuery): EvalSelectionDTO {
  return { modelKey: q.modelKey, datasetId: q.datasetId ?? null, split: q.split ?? null };
}

/**
 * Evaluation over pages with ground truth and a model's stored predictions: run metrics and curves,
 * error analysis with FP/FN patches (media `eval/crop/...`), and a job that makes missing predictions.
 */
export class EvaluationService {
  readonly predictions: PredictionsRepo;
  private readonly cacheDir: string;
  /** The last inference job started per model key (one at a time per model). */
  private readonly liveJobs = new Map<string, string>();

  constructor(private readonly deps: EvaluationDeps) {
    this.predictions = new PredictionsRepo(deps.db);
    this.cacheDir = path.join(deps.paths.tmp, 'eval-crops');
    registerInferenceJob(deps.jobs, {
      db: deps.db,
      paths: deps.paths,
      predictions: this.predictions,
      inference: deps.inference,
    });
    deps.media.register('eval', (segments) => this.resolveCrop(segments));
  }

  models(): ModelKeyDTO[] {
    return this.predictions.modelKeys();
  }

  /** COCO numbers, curves, confusion and coverage; `threshold` defaults to the best-F1 one. */
  metrics(q: PageSelectionQuery, threshold?: number): EvalMetricsDTO {
    const { pages, withoutPredictions } = loadEvalPages(this.deps.db, q);
    return computeMetrics(pages, selectionOf(q), withoutPredictions.length, threshold);
  }

  /** Pages with their errors and likely label mistakes; with `autoInfer`, starts missing predictions. */
  errorAnalysis(q: PageSelectionQuery, opts: { autoInfer?: boolean; mistakeScore?: number } = {}): ErrorAnalysisDTO {
    const { pages, withoutPredictions } = loadEvalPages(this.deps.db, q);
    const { pages: out, mistakes } = analyzeErrors(pages, { mistakeScore: opts.mistakeScore ?? 0.8 });
    let inferenceJob: JobDTO | null = null;
    let inferenceMessage: string | null = null;
    if (withoutPredictions.length > 0 && opts.autoInfer) {
      try {
        inferenceJob = this.startInference(q, withoutPredictions);
      } catch (e) {
        if (!isAppError(e)) throw e;
        inferenceMessage = e.message;
      }
    }
    return {
      selection: selectionOf(q),
      pages: out,
      pagesWithoutPredictions: withoutPredictions.length,
      mistakes,
      suggestedThreshold: suggestedThreshold(out),
      inferenceJob,
      inferenceMessage,
    };
  }

  /** Starts a job that runs the model on the selection's pages without predictions (all with `replace`). */
  runInference(q: PageSelectionQuery, replace = false): JobDTO {
    const rows = selectPages(this.deps.db, q);
    const ids = rows.filter((r) => replace || !r.hasPred).map((r) => r.id);
    if (ids.length === 0) {
      throw new AppError('CONFLICT', 'Every page of this selection already has predictions from this model.');
    }
    return this.startInference(q, ids);
  }

  private startInference(q: PageSelectionQuery, pageIds: number[]): JobDTO {
    // Fail before queueing, with a sentence: no inference service yet, or no model for this key.
    this.deps.inference();
    modelDirFor(this.deps.db, q.modelKey);
    const previous = this.liveJobs.get(q.modelKey);
    if (previous) {
      const job = this.deps.jobs.get(previous);
      if (job.status === 'queued' || job.status === 'running') return job;
    }
    const params: InferenceJobParams = { modelKey: q.modelKey, pageIds };
    const job = this.deps.jobs.start(INFERENCE_JOB, params);
    this.liveJobs.set(q.modelKey, job.id);
    return job;
  }

  /** Renders (if needed) the patches for boxes and returns their media paths and page regions. */
  async crops(items: readonly CropItem[]): Promise<{ pageId: number; rect: Box; media: string }[]> {
    const byPage = new Map<number, { rect: Box; file: string }[]>();
    const out = items.map((it) => {
      const page = this.page(it.pageId);
      const rect = cropRect(it.box, page.width, page.height);
      const list = byPage.get(it.pageId) ?? [];
      list.push({ rect, file: cropFile(this.cacheDir, it.pageId, rect) });
      byPage.set(it.pageId, list);
      return { pageId: it.pageId, rect, media: cropMediaPath(it.pageId, rect) };
    });
    for (const [pageId, list] of byPage) {
      const file = this.imageFile(pageId);
      if (file) await renderCrops(file, list);
    }
    return out;
  }

  private page(pageId: number): { width: number; height: number; image_path: string } {
    const p = this.deps.db.prepare(`SELECT width, height, image_path FROM pages WHERE id = ?`).get(pageId) as
      { width: number; height: number; image_path: string } | undefined;
    if (!p) throw new AppError('NOT_FOUND', `Page ${pageId} does not exist any more.`);
    return p;
  }

  private imageFile(pageId: number): string | null {
    return insideDir(this.deps.paths.root, this.page(pageId).image_path);
  }

  /** `eval/crop/<pageId>/<x0>_<y0>_<x1>_<y1>`: a prepared crop, or one rendered on the spot. */
  private resolveCrop([what, id, rectText, ...rest]: string[]): { file: string; type: string } | null {
    if (what !== 'crop' || !id || !rectText || rest.length || !/^\d{1,15}$/.test(id)) return null;
    const pageId = Number(id);
    const rect = parseRect(rectText);
    if (!rect) return null;
    const file = cropFile(this.cacheDir, pageId, rect);
    try {
      const image = this.imageFile(pageId);
      if (!image) return null;
      if (!fs.existsSync(file) && !renderCropSync(image, rect, file)) return null;
    } catch {
      return null;
    }
    return { file, type: 'image/png' };
  }
}
