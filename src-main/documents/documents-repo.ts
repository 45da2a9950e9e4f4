import type { Database } from 'better-sqlite3';
import type { DocumentKind, LibraryDocumentDTO, LibraryPageDTO } from '../shared/contract/documents';
import type { Split } from '../shared/contract/datasets';

/** Documents that exist for users: committed and not deleted. */
export const VISIBLE_DOC = `d.deleted_at IS NULL AND d.state = 'ready'`;

interface DocRow {
  id: number;
  name: string;
  kind: DocumentKind;
  page_count: number;
  synthetic: number;
  bytes: number;
  sha256: string;
  created_at: string;
  split: Split | null;
}

interface PageRow {
  id: number;
  document_id: number;
  page_index: number;
  width: number;
  height: number;
  dpi: number;
  has_redactions: number | null;
  reviewed: number;
  annotation_version: number;
  box_count: number;
  redaction_count: number;
}

/** One page with everything other services need to read it. */
export interface PageRecord {
  id: number;
  documentId: number;
  documentName: string;
  index: number;
  width: number;
  height: number;
  dpi: number;
  widthPt: number | null;
  heightPt: number | null;
  rotation: number;
  /** Relative to the data folder. */
  imagePath: string;
  thumbPath: string | null;
  imageSha256: string | null;
  hasRedactions: boolean | null;
  reviewed: boolean;
  version: number;
  synthetic: boolean;
}

const PAGE_SELECT = `
  SELECT p.id, p.document_id, p.page_index, p.width, p.height, p.dpi, p.has_redactions, p.reviewed,
         p.annotation_version,
         COALESCE(c.n, 0) AS box_count, COALESCE(c.r, 0) AS redaction_count
  FROM pages p
  JOIN documents d ON d.id = p.document_id
  LEFT JOIN (
    SELECT page_id, COUNT(*) AS n, SUM(class = 'redaction') AS r FROM annotations GROUP BY page_id
  ) c ON c.page_id = p.id`;

function toPage(r: PageRow): LibraryPageDTO {
  return {
    id: r.id,
    documentId: r.document_id,
    index: r.page_index,
    width: r.width,
    height: r.height,
    dpi: r.dpi,
    hasRedactions: r.has_redactions === null ? null : r.has_redactions === 1,
    reviewed: r.reviewed === 1,
    version: r.annotation_version,
    boxCount: r.box_count,
    redactionCount: r.redaction_count,
    image: `pages/${r.id}/image`,
    thumb: `pages/${r.id}/thumb`,
  };
}

function toDoc(r: DocRow, pages: LibraryPageDTO[]): LibraryDocumentDTO {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    pageCount: r.page_count,
    synthetic: r.synthetic === 1,
    bytes: r.bytes,
    sha256: r.sha256,
    createdAt: r.created_at,
    split: r.split,
    pages,
  };
}

/** SQL reads of documents and pages for the library and other services. */
export class DocumentsRepo {
  constructor(private readonly db: Database) {}

  library(datasetId: number, onlyId?: number): LibraryDocumentDTO[] {
    const docWhere = onlyId === undefined ? '' : 'AND d.id = @only';
    const docs = this.db
      .prepare(
        `SELECT d.id, d.name, d.kind, d.page_count, d.synthetic, d.bytes, d.sha256, d.created_at, dd.split
         FROM documents d
         LEFT JOIN dataset_documents dd ON dd.document_id = d.id AND dd.dataset_id = @ds
         WHERE ${VISIBLE_DOC} ${docWhere} ORDER BY d.id`,
      )
      .all({ ds: datasetId, only: onlyId ?? null }) as DocRow[];
    const pages = this.db
      .prepare(`${PAGE_SELECT} WHERE ${VISIBLE_DOC} ${docWhere} ORDER BY p.document_id, p.page_index`)
      .all({ only: onlyId ?? null }) as PageRow[];
    const byDoc = new Map<number, LibraryPageDTO[]>();
    for (const p of pages) {
      let list = byDoc.get(p.document_id);
      if (!list) byDoc.set(p.document_id, (list = []));
      list.push(toPage(p));
    }
    return docs.map((d) => toDoc(d, byDoc.get(d.id) ?? []));
  }

  findBySha(sha256: string): { id: number; name: string; pageCount: number } | null {
    const r = this.db
      .prepare(`SELECT id, name, page_count FROM documents WHERE sha256 = ? AND deleted_at IS NULL ORDER BY id LIMIT 1`)
      .get(sha256) as { id: number; name: string; page_count: number } | undefined;
    return r ? { id: r.id, name: r.name, pageCount: r.page_count } : null;
  }

  page(pageId: number): PageRecord | null {
    const r = this.db
      .prepare(
        `SELECT p.*, d.name AS document_name, d.synthetic FROM pages p JOIN documents d ON d.id = p.document_id
         WHERE p.id = ? AND ${VISIBLE_DOC}`,
      )
      .get(pageId) as
      | (Record<string, unknown> & { document_name: string; synthetic: number; has_redactions: number | null })
      | undefined;
    if (!r) return null;
    return {
      id: r.id as number,
      documentId: r.document_id as number,
      documentName: r.document_name,
      index: r.page_index as number,
      width: r.width as number,
      height: r.height as number,
      dpi: r.dpi as number,
      widthPt: r.width_pt as number | null,
      heightPt: r.height_pt as number | null,
      rotation: r.rotation as number,
      imagePath: r.image_path as string,
      thumbPath: r.thumb_path as string | null,
      imageSha256: r.image_sha256 as string | null,
      hasRedactions: r.has_redactions === null ? null : r.has_redactions === 1,
      reviewed: r.reviewed === 1,
      version: r.annotation_version as number,
      synthetic: r.synthetic === 1,
    };
  }

  pageIds(documentId: number): number[] {
    return (
      this.db.prepare('SELECT id FROM pages WHERE document_id = ? ORDER BY page_index').all(documentId) as {
        id: number;
      }[]
    ).map((r) => r.id);
  }

  textItems(pageId: number): string | null {
    const r = this.db.prepare('SELECT items FROM page_text WHERE page_id = ?').get(pageId) as
      { items: string } | undefined;
    return r?.items ?? null;
  }

  original(documentId: number): { sha256: string; mime: string | null; kind: DocumentKind } | null {
    const r = this.db
      .prepare(`SELECT sha256, mime, kind FROM documents d WHERE id = ? AND ${VISIBLE_DOC}`)
      .get(documentId) as { sha256: string; mime: string | null; kind: DocumentKind } | undefined;
    return r ?? null;
  }
}
