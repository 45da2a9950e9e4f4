import type { Database } from 'better-sqlite3';
import type { Box, BoxClass } from '../shared/boxes';
import type { Decision, PredictionDTO } from '../shared/contract/review';

export interface PredictionRow {
  id: number;
  pageId: number;
  modelKey: string;
  class: BoxClass;
  box: Box;
  score: number;
}

export interface ReviewPageRow {
  id: number;
  documentId: number;
  documentName: string;
  index: number;
  width: number;
  height: number;
  dpi: number;
  imagePath: string;
  version: number;
}

interface RawPrediction {
  id: number;
  page_id: number;
  model_key: string;
  class: BoxClass;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  score: number;
  decision: Decision | null;
  annotation_id: number | null;
}

const PAGE_SQL = `SELECT p.id, p.document_id AS documentId, d.name AS documentName, p.page_index AS "index",
  p.width, p.height, p.dpi, p.image_path AS imagePath, p.annotation_version AS version
  FROM pages p JOIN documents d ON d.id = p.document_id WHERE d.deleted_at IS NULL AND d.state = 'ready'`;

/** The latest decision of each prediction (a prediction can be decided, undone, decided again). */
const PRED_SQL = `SELECT r.*, rd.decision, rd.annotation_id FROM predictions r
  LEFT JOIN review_decisions rd ON rd.id = (SELECT MAX(id) FROM review_decisions WHERE prediction_id = r.id)`;

/** SQL of the review domain: predictions with their decisions, pages, decision rows. */
export class ReviewRepo {
  constructor(private readonly db: Database) {}

  page(pageId: number): ReviewPageRow | null {
    return (this.db.prepare(`${PAGE_SQL} AND p.id = ?`).get(pageId) as ReviewPageRow | undefined) ?? null;
  }

  pages(documentIds?: readonly number[]): ReviewPageRow[] {
    const rows = this.db.prepare(`${PAGE_SQL} ORDER BY p.document_id, p.page_index`).all() as ReviewPageRow[];
    if (!documentIds?.length) return rows;
    const want = new Set(documentIds);
    return rows.filter((r) => want.has(r.documentId));
  }

  predictions(pageId: number, modelKey: string): PredictionDTO[] {
    const rows = this.db
      .prepare(`${PRED_SQL} WHERE r.page_id = ? AND r.model_key = ? ORDER BY r.score DESC, r.id`)
      .all(pageId, modelKey) as RawPrediction[];
    return rows.map(toDto);
  }

  /** Predictions of a model for many pages at once, grouped by page. */
  predictionsByPage(modelKey: string): Map<number, PredictionDTO[]> {
    const rows = this.db
      .prepare(`${PRED_SQL} WHERE r.model_key = ? ORDER BY r.score DESC`)
      .all(modelKey) as RawPrediction[];
    const out = new Map<number, PredictionDTO[]>();
    for (const r of rows) out.set(r.page_id, [...(out.get(r.page_id) ?? []), toDto(r)]);
    return out;
  }

  prediction(id: number): (PredictionRow & { decision: Decision | null; annotationId: number | null }) | null {
    const r = this.db.prepare(`${PRED_SQL} WHERE r.id = ?`).get(id) as RawPrediction | undefined;
    if (!r) return null;
    return { ...toDto(r), pageId: r.page_id, modelKey: r.model_key };
  }

  hasPredictions(pageId: number, modelKey: string): boolean {
    return !!this.db
      .prepare(`SELECT 1 FROM predictions WHERE page_id = ? AND model_key = ? LIMIT 1`)
      .get(pageId, modelKey);
  }

  insertPredictions(
    pageId: number,
    modelKey: string,
    boxes: readonly { class: BoxClass; box: Box; score: number }[],
  ): void {
    const ins = this.db.prepare(
      `INSERT INTO predictions (model_key, page_id, class, x0, y0, x1, y1, score) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      for (const b of boxes) ins.run(modelKey, pageId, b.class, b.box[0], b.box[1], b.box[2], b.box[3], b.score);
    })();
  }

  addDecision(predictionId: number, pageId: number, decision: Decision, annotationId: number | null): void {
    this.db
      .prepare(`INSERT INTO review_decisions (prediction_id, page_id, decision, annotation_id) VALUES (?, ?, ?, ?)`)
      .run(predictionId, pageId, decision, annotationId);
  }

  clearDecisions(predictionId: number): void {
    this.db.prepare(`DELETE FROM review_decisions WHERE prediction_id = ?`).run(predictionId);
  }

  annotationExists(id: number): boolean {
    return !!this.db.prepare(`SELECT 1 FROM annotations WHERE id = ?`).get(id);
  }

  documents(modelKey: string): { id: number; name: string; kind: string; pageCount: number; predictedPages: number }[] {
    return this.db
      .prepare(
        `SELECT d.id, d.name, d.kind, d.page_count AS pageCount,
           (SELECT COUNT(DISTINCT r.page_id) FROM predictions r JOIN pages p ON p.id = r.page_id
             WHERE p.document_id = d.id AND r.model_key = ?) AS predictedPages
         FROM documents d WHERE d.deleted_at IS NULL AND d.state = 'ready' ORDER BY d.id`,
      )
      .all(modelKey) as { id: number; name: string; kind: string; pageCount: number; predictedPages: number }[];
  }

  modelKeysWithPredictions(): string[] {
    return (this.db.prepare(`SELECT DISTINCT model_key AS k FROM predictions`).all() as { k: string }[]).map(
      (r) => r.k,
    );
  }
}

function toDto(r: RawPrediction): PredictionDTO {
  return {
    id: r.id,
    class: r.class,
    box: [r.x0, r.y0, r.x1, r.y1],
    score: r.score,
    decision: r.decision ?? null,
    annotationId: r.annotation_id ?? null,
  };
}
