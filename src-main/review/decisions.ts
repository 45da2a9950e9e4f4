import type { Database } from 'better-sqlite3';
import type { AnnotationsService } from '../annotations/annotations-service';
import { normalizeBox, type Box, type BoxClass } from '../shared/boxes';
import type { Decision } from '../shared/contract/review';
import { AppError } from '../shared/errors';
import type { ReviewRepo } from './review-repo';

/**
 * Accept / reject / adjust of predictions. An accepted (or adjusted) box becomes an annotation
 * with source 'model' through the annotations service; every decision is kept in
 * review_decisions, so rejected boxes are remembered as negatives.
 */
export class Decisions {
  constructor(
    private readonly db: Database,
    private readonly repo: ReviewRepo,
    private readonly annotations: AnnotationsService,
  ) {}

  decide(
    predictionId: number,
    decision: Decision,
    adjusted?: Box,
  ): { decision: Decision; annotationId: number | null; version: number } {
    const p = this.repo.prediction(predictionId);
    if (!p) throw new AppError('NOT_FOUND', 'That detection no longer exists; run the detector again.');
    if (decision === 'adjust' && !adjusted)
      throw new AppError('INVALID_REQUEST', 'An adjusted box needs its new corners.');
    if (p.decision === decision && decision !== 'adjust') {
      return { decision, annotationId: p.annotationId, version: this.version(p.pageId) };
    }
    return this.db.transaction(() => {
      if (p.decision) this.undoRow(p.id, p.pageId, p.annotationId);
      if (decision === 'reject') {
        this.repo.addDecision(p.id, p.pageId, 'reject', null);
        return { decision, annotationId: null, version: this.version(p.pageId) };
      }
      const box = decision === 'adjust' && adjusted ? normalizeBox(adjusted) : p.box;
      const r = this.annotations.addBoxes(p.pageId, [{ class: p.class, box, score: p.score, source: 'model' }], {
        source: 'model',
      });
      const annotationId = r.ids[0] ?? null;
      this.repo.addDecision(p.id, p.pageId, decision, annotationId);
      return { decision, annotationId, version: r.version };
    })();
  }

  undo(predictionId: number): { version: number } {
    const p = this.repo.prediction(predictionId);
    if (!p) throw new AppError('NOT_FOUND', 'That detection no longer exists.');
    this.db.transaction(() => this.undoRow(p.id, p.pageId, p.annotationId))();
    return { version: this.version(p.pageId) };
  }

  /** Accepts every undecided prediction at or above the threshold (of the given classes) in one step. */
  acceptAll(
    pageId: number,
    modelKey: string,
    threshold: number,
    classes?: readonly BoxClass[],
  ): { accepted: number; version: number } {
    const todo = this.repo
      .predictions(pageId, modelKey)
      .filter((p) => !p.decision && p.score >= threshold && (!classes || classes.includes(p.class)));
    if (todo.length === 0) return { accepted: 0, version: this.version(pageId) };
    return this.db.transaction(() => {
      const r = this.annotations.addBoxes(
        pageId,
        todo.map((p) => ({ class: p.class, box: p.box, score: p.score, source: 'model' as const })),
        { source: 'model' },
      );
      todo.forEach((p, i) => this.repo.addDecision(p.id, pageId, 'accept', r.ids[i] ?? null));
      return { accepted: todo.length, version: r.version };
    })();
  }

  private undoRow(predictionId: number, pageId: number, annotationId: number | null): void {
    if (annotationId !== null && this.repo.annotationExists(annotationId)) {
      const page = this.annotations.getPage(pageId);
      this.annotations.save({
        pageId,
        baseVersion: page.version,
        boxes: page.boxes
          .filter((b) => b.id !== annotationId)
          .map((b) => ({
            id: b.id,
            class: b.class,
            box: b.box,
            style: b.style,
            label: b.label,
            source: b.source,
            score: b.score,
          })),
      });
    }
    this.repo.clearDecisions(predictionId);
  }

  private version(pageId: number): number {
    const r = this.db.prepare(`SELECT annotation_version AS v FROM pages WHERE id = ?`).get(pageId) as
      { v: number } | undefined;
    return r?.v ?? 0;
  }
}
