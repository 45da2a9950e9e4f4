import type { Database } from 'better-sqlite3';
import type { DocumentKind } from '../shared/contract/documents';
import type { Split } from '../shared/contract/datasets';
import type { Box, BoxClass, BoxStyle } from '../shared/boxes';

export interface DatasetBox {
  id: number;
  class: BoxClass;
  box: Box;
  style: BoxStyle | null;
  label: string | null;
}

export interface DatasetPage {
  pageId: number;
  documentId: number;
  documentName: string;
  documentKind: DocumentKind;
  documentSha256: string;
  documentMime: string | null;
  pageCount: number;
  index: number;
  width: number;
  height: number;
  /** Relative to the data folder. */
  imagePath: string;
  imageSha256: string | null;
  hasRedactions: boolean | null;
  split: Split | null;
  synthetic: boolean;
  boxes: DatasetBox[];
}

export interface PageSelection {
  datasetId: number;
  /** Only documents assigned to this split; 'assigned': to any split; undefined: every visible document. */
  split?: Split | 'assigned';
  documentIds?: readonly number[];
}

interface Row {
  page_id: number;
  document_id: number;
  name: string;
  kind: DocumentKind;
  sha256: string;
  mime: string | null;
  page_count: number;
  page_index: number;
  width: number;
  height: number;
  image_path: string;
  image_sha256: string | null;
  has_redactions: number | null;
  split: Split | null;
  synthetic: number;
}

/** Pages of a selection with their boxes, documents by id and pages by index (a stable order). */
export function loadDatasetPages(db: Database, sel: PageSelection): DatasetPage[] {
  const where: string[] = [`d.deleted_at IS NULL`, `d.state = 'ready'`];
  const params: Record<string, unknown> = { ds: sel.datasetId };
  if (sel.split === 'assigned') where.push('dd.split IS NOT NULL');
  else if (sel.split) {
    where.push('dd.split = @split');
    params.split = sel.split;
  }
  if (sel.documentIds) {
    where.push(`d.id IN (SELECT value FROM json_each(@ids))`);
    params.ids = JSON.stringify(sel.documentIds);
  }
  const rows = db
    .prepare(
      `SELECT p.id AS page_id, d.id AS document_id, d.name, d.kind, d.sha256, d.mime, d.page_count, p.page_index,
              p.width, p.height, p.image_path, p.image_sha256, p.has_redactions, dd.split, d.synthetic
       FROM pages p JOIN documents d ON d.id = p.document_id
       LEFT JOIN dataset_documents dd ON dd.document_id = d.id AND dd.dataset_id = @ds
       WHERE ${where.join(' AND ')} ORDER BY d.id, p.page_index`,
    )
    .all(params) as Row[];
  const pages = new Map<number, DatasetPage>();
  for (const r of rows) {
    pages.set(r.page_id, {
      pageId: r.page_id,
      documentId: r.document_id,
      documentName: r.name,
      documentKind: r.kind,
      documentSha256: r.sha256,
      documentMime: r.mime,
      pageCount: r.page_count,
      index: r.page_index,
      width: r.width,
      height: r.height,
      imagePath: r.image_path,
      imageSha256: r.image_sha256,
      hasRedactions: r.has_redactions === null ? null : r.has_redactions === 1,
      split: r.split,
      synthetic: r.synthetic === 1,
      boxes: [],
    });
  }
  if (pages.size === 0) return [];
  const boxes = db
    .prepare(
      `SELECT a.id, a.page_id, a.class, a.x0, a.y0, a.x1, a.y1, a.style, a.label FROM annotations a
       WHERE a.page_id IN (SELECT value FROM json_each(?)) ORDER BY a.page_id, a.id`,
    )
    .all(JSON.stringify([...pages.keys()])) as {
    id: number;
    page_id: number;
    class: BoxClass;
    x0: number;
    y0: number;
    x1: number;
    y1: number;
    style: BoxStyle | null;
    label: string | null;
  }[];
  for (const b of boxes) {
    pages
      .get(b.page_id)
      ?.boxes.push({ id: b.id, class: b.class, box: [b.x0, b.y0, b.x1, b.y1], style: b.style, label: b.label });
  }
  return [...pages.values()];
}
