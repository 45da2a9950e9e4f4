import type { Database } from 'better-sqlite3';
import { iou, type Box, type BoxClass } from '../shared/boxes';
import type { StatsSource } from '../shared/contract/review';

export interface ReportBox {
  class: BoxClass;
  box: Box;
  score: number | null;
  label: string | null;
  /** 'manual', 'model', 'synthetic', 'import' for annotations; 'prediction' for raw detections. */
  source: string;
}

export interface ReportPage {
  pageId: number;
  documentId: number;
  documentName: string;
  index: number;
  width: number;
  height: number;
  /** Relative to the data folder. */
  imagePath: string;
  boxes: ReportBox[];
}

export interface BoxQuery {
  documentIds?: readonly number[];
  source: StatsSource;
  modelKey: string;
  threshold: number;
}

interface PageRow {
  id: number;
  document_id: number;
  name: string;
  page_index: number;
  width: number;
  height: number;
  image_path: string;
}

interface BoxRow {
  page_id: number;
  class: BoxClass;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  score: number | null;
  label: string | null;
  source: string;
}

function pagesOf(db: Database, documentIds?: readonly number[]): PageRow[] {
  const rows = db
    .prepare(
      `SELECT p.id, p.document_id, d.name, p.page_index, p.width, p.height, p.image_path
       FROM pages p JOIN documents d ON d.id = p.document_id
       WHERE d.deleted_at IS NULL AND d.state = 'ready'
       ORDER BY p.document_id, p.page_index`,
    )
    .all() as PageRow[];
  if (!documentIds?.length) return rows;
  const want = new Set(documentIds);
  return rows.filter((r) => want.has(r.document_id));
}

function groupByPage(rows: (BoxRow & { decision?: string | null })[], undecidedOnly = false): Map<number, ReportBox[]> {
  const out = new Map<number, ReportBox[]>();
  for (const r of rows) {
    if (r.decision === 'reject' || (undecidedOnly && r.decision)) continue;
    const list = out.get(r.page_id) ?? [];
    list.push({ class: r.class, box: [r.x0, r.y0, r.x1, r.y1], score: r.score, label: r.label, source: r.source });
    out.set(r.page_id, list);
  }
  return out;
}

/**
 * Pages of the library (or of some documents) with the boxes a report or statistic counts:
 * annotations; predictions of one model at or above a threshold (rejected ones left out); or
 * both: the annotations (accepted boxes among them) plus the predictions not decided yet.
 */
export function reportPages(db: Database, q: BoxQuery): ReportPage[] {
  const pages = pagesOf(db, q.documentIds);
  const annotations = groupByPage(
    db
      .prepare(`SELECT page_id, class, x0, y0, x1, y1, score, label, source FROM annotations ORDER BY id`)
      .all() as BoxRow[],
  );
  const predictionRows = db
    .prepare(
      `SELECT r.page_id, r.class, r.x0, r.y0, r.x1, r.y1, r.score, NULL AS label, 'prediction' AS source,
           (SELECT decision FROM review_decisions WHERE id = (SELECT MAX(id) FROM review_decisions WHERE prediction_id = r.id)) AS decision
         FROM predictions r WHERE r.model_key = ? AND r.score >= ? ORDER BY r.score DESC`,
    )
    .all(q.modelKey, q.threshold) as (BoxRow & { decision: string | null })[];
  const predictions = groupByPage(predictionRows, q.source === 'both');
  return pages.map((p) => {
    const a = annotations.get(p.id) ?? [];
    const d = predictions.get(p.id) ?? [];
    // both: a prediction that matches an annotation (same class, IoU >= 0.5) is that annotation.
    const fresh = d.filter((x) => !a.some((y) => y.class === x.class && iou(y.box, x.box) >= 0.5));
    const boxes = q.source === 'annotations' ? a : q.source === 'predictions' ? d : [...a, ...fresh];
    return {
      pageId: p.id,
      documentId: p.document_id,
      documentName: p.name,
      index: p.page_index,
      width: p.width,
      height: p.height,
      imagePath: p.image_path,
      boxes,
    };
  });
}
