import type { Database } from 'better-sqlite3';
import type { Box, BoxClass } from '../shared/boxes';
import type { EvalPage, GtBox, PredBox } from './page-data';

export interface PageSelectionQuery {
  modelKey: string;
  datasetId?: number | null;
  split?: 'train' | 'val' | 'test' | null;
}

interface PageRow {
  id: number;
  document_id: number;
  name: string;
  page_index: number;
  width: number;
  height: number;
  image_path: string;
  synthetic: number;
  has_pred: number;
}

/**
 * A page has ground truth when it has boxes, was marked "no redactions", or was reviewed; pages the
 * user has not labelled yet would turn every prediction into a false positive.
 */
const HAS_GT = `(EXISTS (SELECT 1 FROM annotations a WHERE a.page_id = p.id) OR p.has_redactions = 0 OR p.reviewed = 1)`;
const HAS_PRED = `(EXISTS (SELECT 1 FROM prediction_pages pp WHERE pp.page_id = p.id AND pp.model_key = @mk)
  OR EXISTS (SELECT 1 FROM predictions pr WHERE pr.page_id = p.id AND pr.model_key = @mk))`;

/** Pages of the selection that have ground truth, with a flag for "the model has run on it". */
export function selectPages(db: Database, q: PageSelectionQuery): (PageRow & { hasPred: boolean })[] {
  const params: Record<string, unknown> = { mk: q.modelKey };
  const where = [`d.deleted_at IS NULL`, `d.state = 'ready'`, HAS_GT];
  let join = '';
  if (q.datasetId) {
    join = 'JOIN dataset_documents dd ON dd.document_id = d.id AND dd.dataset_id = @ds';
    params.ds = q.datasetId;
    if (q.split) {
      where.push('dd.split = @split');
      params.split = q.split;
    }
  } else {
    where.push(HAS_PRED);
  }
  const rows = db
    .prepare(
      `SELECT p.id, p.document_id, d.name, p.page_index, p.width, p.height, p.image_path, d.synthetic,
              ${HAS_PRED} AS has_pred
       FROM pages p JOIN documents d ON d.id = p.document_id ${join}
       WHERE ${where.join(' AND ')} ORDER BY d.id, p.page_index`,
    )
    .all(params) as PageRow[];
  return rows.map((r) => ({ ...r, hasPred: r.has_pred === 1 }));
}

interface BoxRow {
  id: number;
  page_id: number;
  class: BoxClass;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function byPage<T extends { page_id: number }>(rows: T[]): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const r of rows) {
    const list = m.get(r.page_id);
    if (list) list.push(r);
    else m.set(r.page_id, [r]);
  }
  return m;
}

function box(r: BoxRow): Box {
  return [r.x0, r.y0, r.x1, r.y1];
}

/** Loads ground truth and the model's predictions for pages the model has run on. */
export function loadEvalPages(
  db: Database,
  q: PageSelectionQuery,
): { pages: EvalPage[]; withoutPredictions: number[] } {
  const rows = selectPages(db, q);
  const done = rows.filter((r) => r.hasPred);
  const ids = JSON.stringify(done.map((r) => r.id));
  const gt = byPage(
    db
      .prepare(
        `SELECT id, page_id, class, x0, y0, x1, y1, style FROM annotations
         WHERE page_id IN (SELECT value FROM json_each(?)) ORDER BY page_id, id`,
      )
      .all(ids) as (BoxRow & { style: string | null })[],
  );
  const pred = byPage(
    db
      .prepare(
        `SELECT id, page_id, class, x0, y0, x1, y1, score FROM predictions
         WHERE model_key = ? AND page_id IN (SELECT value FROM json_each(?)) ORDER BY page_id, id`,
      )
      .all(q.modelKey, ids) as (BoxRow & { score: number })[],
  );
  const pages = done.map((r): EvalPage => ({
    pageId: r.id,
    documentId: r.document_id,
    documentName: r.name,
    pageIndex: r.page_index,
    width: r.width,
    height: r.height,
    synthetic: r.synthetic === 1,
    imagePath: r.image_path,
    gt: (gt.get(r.id) ?? []).map((b): GtBox => ({ id: b.id, class: b.class, box: box(b), style: b.style })),
    pred: (pred.get(r.id) ?? []).map((b): PredBox => ({ id: b.id, class: b.class, box: box(b), score: b.score })),
  }));
  return { pages, withoutPredictions: rows.filter((r) => !r.hasPred).map((r) => r.id) };
}
