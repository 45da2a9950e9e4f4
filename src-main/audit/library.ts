import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Box } from '../shared/boxes';
import { AppError } from '../shared/errors';
import type { DetectionBox } from './page-audit';

interface DocRow {
  id: number;
  name: string;
  sha256: string;
  kind: string;
  page_count: number;
}

interface PageRow {
  id: number;
  page_index: number;
  width: number;
  height: number;
  dpi: number;
  rotation: number;
}

interface BoxRow {
  page_id: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  label: string;
}

/** Predictions at or above this score count as detected redactions in the cross-check. */
export const DETECTION_SCORE = 0.5;

/** PDF documents of the library whose original file is kept. */
export function libraryPdfs(
  db: Database,
  originals: string,
): { id: number; name: string; pageCount: number; file: string }[] {
  const rows = db
    .prepare(
      `SELECT id, name, sha256, kind, page_count FROM documents
       WHERE kind = 'pdf' AND deleted_at IS NULL AND state = 'ready' ORDER BY id`,
    )
    .all() as DocRow[];
  return rows
    .map((r) => ({ id: r.id, name: r.name, pageCount: r.page_count, file: path.join(originals, `${r.sha256}.pdf`) }))
    .filter((r) => fs.existsSync(r.file));
}

export function libraryPdf(db: Database, originals: string, id: number): { id: number; name: string; file: string } {
  const d = libraryPdfs(db, originals).find((x) => x.id === id);
  if (!d) {
    throw new AppError('NOT_FOUND', `Document ${id} is not a PDF in the library (or its original file is gone).`);
  }
  return d;
}

/**
 * A box in page-image pixels to audit space (points, top-left origin, before /Rotate), undoing
 * the rotation the page image was rendered with.
 */
export function pixelsToPoints(b: Box, p: Pick<PageRow, 'width' | 'height' | 'dpi' | 'rotation'>): Box {
  const s = p.dpi / 72;
  const [x0, y0, x1, y1] = [b[0] / s, b[1] / s, b[2] / s, b[3] / s];
  const wv = p.width / s;
  const hv = p.height / s;
  const r = ((p.rotation % 360) + 360) % 360;
  if (r === 90) return [y0, wv - x1, y1, wv - x0];
  if (r === 180) return [wv - x1, hv - y1, wv - x0, hv - y0];
  if (r === 270) return [hv - y1, x0, hv - y0, x1];
  return [x0, y0, x1, y1];
}

/**
 * Redaction boxes of a document's pages, from annotations (any source) and from model
 * predictions at or above DETECTION_SCORE, by 1-based page number, in points.
 */
export function redactionBoxesByPage(db: Database, documentId: number): Record<number, DetectionBox[]> {
  const pages = db
    .prepare(`SELECT id, page_index, width, height, dpi, rotation FROM pages WHERE document_id = ?`)
    .all(documentId) as PageRow[];
  const byId = new Map(pages.map((p) => [p.id, p]));
  const rows = db
    .prepare(
      `SELECT a.page_id, a.x0, a.y0, a.x1, a.y1, 'annotated redaction' AS label FROM annotations a
         JOIN pages p ON p.id = a.page_id WHERE p.document_id = ? AND a.class = 'redaction'
       UNION ALL
       SELECT r.page_id, r.x0, r.y0, r.x1, r.y1, 'detected redaction' AS label FROM predictions r
         JOIN pages p ON p.id = r.page_id WHERE p.document_id = ? AND r.class = 'redaction' AND r.score >= ?`,
    )
    .all(documentId, documentId, DETECTION_SCORE) as BoxRow[];
  const out: Record<number, DetectionBox[]> = {};
  for (const r of rows) {
    const p = byId.get(r.page_id);
    if (!p) continue;
    const n = p.page_index + 1;
    (out[n] ??= []).push({ bbox: pixelsToPoints([r.x0, r.y0, r.x1, r.y1], p), label: r.label });
  }
  return out;
}
