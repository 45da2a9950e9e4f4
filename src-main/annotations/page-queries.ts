import type { Database } from 'better-sqlite3';
import type { BoxClass, BoxStyle } from '../shared/boxes';
import type { BoxSource } from '../shared/annotation-rules';
import type { AnnotationBoxDTO, HasRedactions, PageSummaryDTO } from '../shared/contract/annotations';

/** A page row with what the annotation service needs, for visible (ready, not deleted) documents only. */
export interface PageRow {
  id: number;
  documentId: number;
  documentName: string;
  index: number;
  pageCount: number;
  width: number;
  height: number;
  hasRedactions: HasRedactions;
  reviewed: boolean;
  version: number;
}

interface RawPage {
  id: number;
  document_id: number;
  name: string;
  page_index: number;
  page_count: number;
  width: number;
  height: number;
  has_redactions: number | null;
  reviewed: number;
  annotation_version: number;
}

interface RawBox {
  id: number;
  class: BoxClass;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  style: BoxStyle | null;
  label: string | null;
  source: BoxSource;
  score: number | null;
}

/** Pages the library shows: documents fully imported and not deleted. */
const VISIBLE = `d.deleted_at IS NULL AND d.state = 'ready'`;

export function flagFromDb(v: number | null): HasRedactions {
  return v === null ? null : v !== 0;
}

export function flagToDb(v: HasRedactions): number | null {
  return v === null ? null : v ? 1 : 0;
}

function toPageRow(r: RawPage): PageRow {
  return {
    id: r.id,
    documentId: r.document_id,
    documentName: r.name,
    index: r.page_index,
    pageCount: r.page_count,
    width: r.width,
    height: r.height,
    hasRedactions: flagFromDb(r.has_redactions),
    reviewed: r.reviewed !== 0,
    version: r.annotation_version,
  };
}

function toBox(r: RawBox): AnnotationBoxDTO {
  return {
    id: r.id,
    class: r.class,
    box: [r.x0, r.y0, r.x1, r.y1],
    style: r.style,
    label: r.label,
    source: r.source,
    score: r.score,
  };
}

/** SQL reads of pages and their boxes, in library order (documents by id, pages by index). */
export class PageQueries {
  constructor(private readonly db: Database) {}

  page(pageId: number): PageRow | null {
    const r = this.db
      .prepare(
        `SELECT p.id, p.document_id, d.name, p.page_index, p.width, p.height, p.has_redactions, p.reviewed,
                p.annotation_version, (SELECT COUNT(*) FROM pages q WHERE q.document_id = p.document_id) AS page_count
           FROM pages p JOIN documents d ON d.id = p.document_id
          WHERE p.id = ? AND ${VISIBLE}`,
      )
      .get(pageId) as RawPage | undefined;
    return r ? toPageRow(r) : null;
  }

  boxes(pageId: number): AnnotationBoxDTO[] {
    const rows = this.db
      .prepare(
        `SELECT id, class, x0, y0, x1, y1, style, label, source, score FROM annotations WHERE page_id = ? ORDER BY id`,
      )
      .all(pageId) as RawBox[];
    return rows.map(toBox);
  }

  boxesByIds(ids: readonly number[]): AnnotationBoxDTO[] {
    const get = this.db.prepare(
      `SELECT id, class, x0, y0, x1, y1, style, label, source, score FROM annotations WHERE id = ?`,
    );
    return ids.map((id) => toBox(get.get(id) as RawBox));
  }

  /** The neighbours of a page in library order and its position among all visible pages. */
  neighbours(p: PageRow): { prev: number | null; next: number | null; position: number; total: number } {
    const key = [p.documentId, p.index];
    const base = `FROM pages p JOIN documents d ON d.id = p.document_id WHERE ${VISIBLE}`;
    const next = this.db
      .prepare(
        `SELECT p.id ${base} AND (p.document_id, p.page_index) > (?, ?) ORDER BY p.document_id, p.page_index LIMIT 1`,
      )
      .get(...key) as { id: number } | undefined;
    const prev = this.db
      .prepare(
        `SELECT p.id ${base} AND (p.document_id, p.page_index) < (?, ?) ORDER BY p.document_id DESC, p.page_index DESC LIMIT 1`,
      )
      .get(...key) as { id: number } | undefined;
    const position = this.db
      .prepare(`SELECT COUNT(*) AS n ${base} AND (p.document_id, p.page_index) < (?, ?)`)
      .get(...key) as { n: number };
    const total = this.db.prepare(`SELECT COUNT(*) AS n ${base}`).get() as { n: number };
    return { prev: prev?.id ?? null, next: next?.id ?? null, position: position.n, total: total.n };
  }

  /** Pages for the chooser; 'todo' keeps pages with no boxes, no "no redactions" mark and not reviewed. */
  list(offset: number, limit: number, filter: 'all' | 'todo'): { total: number; pages: PageSummaryDTO[] } {
    const todo =
      filter === 'todo'
        ? `AND p.reviewed = 0 AND p.has_redactions IS NULL AND NOT EXISTS (SELECT 1 FROM annotations a WHERE a.page_id = p.id)`
        : '';
    const base = `FROM pages p JOIN documents d ON d.id = p.document_id WHERE ${VISIBLE} ${todo}`;
    const total = (this.db.prepare(`SELECT COUNT(*) AS n ${base}`).get() as { n: number }).n;
    const rows = this.db
      .prepare(
        `SELECT p.id, p.document_id, d.name, p.page_index, p.has_redactions, p.reviewed,
                (SELECT COUNT(*) FROM pages q WHERE q.document_id = p.document_id) AS page_count,
                (SELECT COUNT(*) FROM annotations a WHERE a.page_id = p.id) AS box_count
           ${base} ORDER BY p.document_id, p.page_index LIMIT ? OFFSET ?`,
      )
      .all(limit, offset) as (RawPage & { box_count: number })[];
    return {
      total,
      pages: rows.map((r) => ({
        id: r.id,
        documentId: r.document_id,
        documentName: r.name,
        index: r.page_index,
        pageCount: r.page_count,
        boxCount: r.box_count,
        hasRedactions: flagFromDb(r.has_redactions),
        reviewed: r.reviewed !== 0,
        thumb: `pages/${r.id}/thumb`,
      })),
    };
  }
}
