import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { AnnotationsService } from '../annotations/annotations-service';
import type { DataPaths } from '../app/paths';
import type { JobRunner } from '../jobs/job-runner';
import type { Box, BoxClass } from '../shared/boxes';
import type { JobDTO } from '../shared/contract/jobs';
import type { Decision, ModelChoiceDTO, QueueItemDTO, ReviewPageDTO } from '../shared/contract/review';
import { AppError } from '../shared/errors';
import { looksRedacted } from './dark-heuristic';
import { Decisions } from './decisions';
import { runDetect, type DetectParams, type DetectResult } from './detect-job';
import { detectorOf, modelChoices, modelDirFor, requireDetector } from './detector-port';
import { ReviewRepo, type ReviewPageRow } from './review-repo';
import { pageUncertainty } from './uncertainty';

export interface ReviewDeps {
  db: Database;
  paths: DataPaths;
  jobs: JobRunner;
  annotations: AnnotationsService;
  /** The services object, read at call time (the ML engine's `inference`, the documents import). */
  services: () => object;
  importFolder: (
    folder: string,
    opts: { signal: AbortSignal; onProgress: (f: number, m?: string) => void },
  ) => Promise<{ ids: number[]; errors: number }>;
}

/**
 * Review of detections: runs a model over documents as a job, orders pages by how much they
 * need a person, and turns accepted boxes into annotations (source 'model') while keeping
 * rejections as review decisions.
 */
export class ReviewService {
  readonly repo: ReviewRepo;
  readonly decisions: Decisions;

  constructor(private readonly d: ReviewDeps) {
    this.repo = new ReviewRepo(d.db);
    this.decisions = new Decisions(d.db, this.repo, d.annotations);
    d.jobs.register<DetectParams, DetectResult>({
      kind: 'review-detect',
      lane: 'inference',
      title: (p) => `Detect redactions (${p.modelKey === 'default' ? 'default model' : p.modelKey.replace(':', ' ')})`,
      run: (p, ctx) =>
        runDetect(p, ctx, {
          repo: this.repo,
          root: d.paths.root,
          detector: () => requireDetector(d.services()),
          importFolder: (folder, c) =>
            d.importFolder(folder, { signal: c.signal, onProgress: (f, m) => c.progress(0.3 * f, m) }),
        }),
    });
  }

  models(): ModelChoiceDTO[] {
    return modelChoices(this.d.db, detectorOf(this.d.services()) !== null);
  }

  startDetect(req: { modelKey: string; documentIds?: number[]; folder?: string; minScore?: number }): JobDTO {
    requireDetector(this.d.services());
    const modelDir = modelDirFor(this.d.db, req.modelKey);
    if (!req.folder && req.documentIds && req.documentIds.length === 0) {
      throw new AppError('INVALID_REQUEST', 'Choose at least one document (or a folder) to run the detector on.');
    }
    return this.d.jobs.start('review-detect', { ...req, modelDir } satisfies DetectParams);
  }

  page(pageId: number, modelKey: string): ReviewPageDTO {
    const row = this.repo.page(pageId);
    if (!row) throw new AppError('NOT_FOUND', `Page ${pageId} does not exist or its document was deleted.`);
    const predictions = this.repo.predictions(pageId, modelKey);
    const fromReview = new Set(predictions.map((p) => p.annotationId).filter((x): x is number => x !== null));
    const annotated = this.d.annotations.getPage(pageId);
    return {
      pageId,
      documentId: row.documentId,
      documentName: row.documentName,
      index: row.index,
      width: row.width,
      height: row.height,
      image: `pages/${pageId}/image`,
      modelKey,
      predictions,
      groundTruth: annotated.boxes
        .filter((b) => !fromReview.has(b.id))
        .map((b) => ({ id: b.id, class: b.class, box: b.box, label: b.label, source: b.source })),
      version: annotated.version,
    };
  }

  /**
   * Pages of the chosen documents (default: the documents the model ran on), most uncertain
   * first. The dark-pixel heuristic only runs on pages with no box above the threshold.
   */
  async queue(req: {
    modelKey: string;
    threshold: number;
    documentIds?: number[];
    limit?: number;
  }): Promise<QueueItemDTO[]> {
    const preds = this.repo.predictionsByPage(req.modelKey);
    const gt = this.groundTruthByPage();
    const all = this.repo.pages(req.documentIds);
    const detected = new Set(all.filter((p) => preds.has(p.id)).map((p) => p.documentId));
    const pool = req.documentIds?.length ? all : all.filter((p) => detected.has(p.documentId));
    const covered = (id: number): boolean =>
      (preds.get(id) ?? []).some((p) => !p.decision && p.score >= req.threshold) ||
      (gt.get(id) ?? []).some((g) => g.class === 'redaction');
    const dark = await this.darkPages(pool.filter((p) => !covered(p.id)));
    const items: QueueItemDTO[] = [];
    for (const pg of pool) {
      const list = preds.get(pg.id) ?? [];
      const undecided = list.filter((p) => !p.decision);
      const looks = dark.get(pg.id) ?? false;
      if (list.length === 0 && !looks) continue;
      const { score, reasons } = pageUncertainty({
        undecided,
        groundTruth: gt.get(pg.id) ?? [],
        looksRedacted: looks,
        threshold: req.threshold,
      });
      items.push({
        pageId: pg.id,
        documentId: pg.documentId,
        documentName: pg.documentName,
        index: pg.index,
        uncertainty: score,
        reasons: undecided.length === 0 && list.length ? ['all boxes decided', ...reasons] : reasons,
        predictions: list.length,
        undecided: undecided.length,
      });
    }
    items.sort((a, b) => b.uncertainty - a.uncertainty || a.documentId - b.documentId || a.index - b.index);
    return items.slice(0, req.limit ?? 500);
  }

  /** The dark-pixel verdict of pages (cached per image), four at a time. */
  private async darkPages(pages: readonly ReviewPageRow[]): Promise<Map<number, boolean>> {
    const out = new Map<number, boolean>();
    const queue = [...pages];
    const worker = async (): Promise<void> => {
      for (let pg = queue.shift(); pg; pg = queue.shift()) {
        try {
          out.set(pg.id, await looksRedacted(path.resolve(this.d.paths.root, pg.imagePath)));
        } catch {
          out.set(pg.id, false);
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    return out;
  }

  private groundTruthByPage(): Map<number, { class: string; box: Box }[]> {
    const rows = this.d.db
      .prepare(`SELECT page_id, class, x0, y0, x1, y1 FROM annotations WHERE source != 'model'`)
      .all() as { page_id: number; class: BoxClass; x0: number; y0: number; x1: number; y1: number }[];
    const out = new Map<number, { class: string; box: Box }[]>();
    for (const r of rows)
      out.set(r.page_id, [...(out.get(r.page_id) ?? []), { class: r.class, box: [r.x0, r.y0, r.x1, r.y1] }]);
    return out;
  }

  decide(predictionId: number, decision: Decision, box?: Box): ReturnType<Decisions['decide']> {
    return this.decisions.decide(predictionId, decision, box);
  }
}
