import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { DataPaths } from '../app/paths';
import type { DocumentKind, TextItemDTO } from '../shared/contract/documents';
import type { Split } from '../shared/contract/datasets';
import type { Box, BoxClass, BoxStyle } from '../shared/boxes';
import { pageFileName, thumbFileName } from './render/protocol';

export interface NewAnnotation {
  class: BoxClass;
  box: Box;
  style?: BoxStyle | null;
  label?: string | null;
}

export interface NewPage {
  index: number;
  width: number;
  height: number;
  dpi: number;
  widthPt: number | null;
  heightPt: number | null;
  rotation: number;
  imageSha256: string | null;
  text: TextItemDTO[] | null;
  annotations?: NewAnnotation[];
  /** Stored flag; undefined: derived from the annotations when there are any, else not said. */
  hasRedactions?: boolean | null;
}

export interface NewDocument {
  name: string;
  sourcePath: string | null;
  sha256: string;
  kind: DocumentKind;
  mime: string | null;
  bytes: number;
  synthetic: boolean;
  synthSettings: string | null;
  pages: NewPage[];
  /** Folders holding `<index>.png` and `<index>.jpg` for every page; moved into the cache on commit. */
  staged: { pagesDir: string; thumbsDir: string };
  annotationSource: 'import' | 'synthetic' | 'manual';
  dataset?: { id: number; split: Split | null };
}

export interface Committed {
  documentId: number;
  pageIds: number[];
}

/** Paths stored in the database are relative to the data folder, so the folder can move. */
export function pageImageRel(documentId: number, index: number): string {
  return path.posix.join('pages', String(documentId), pageFileName(index));
}

export function pageThumbRel(documentId: number, index: number): string {
  return path.posix.join('thumbs', String(documentId), thumbFileName(index));
}

function moveDir(from: string, to: string): void {
  // A folder left by a crash between rename and commit would block the rename: it belongs to nobody.
  fs.rmSync(to, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.renameSync(from, to);
}

function derivedFlag(p: NewPage): number | null {
  if (p.hasRedactions !== undefined) return p.hasRedactions === null ? null : p.hasRedactions ? 1 : 0;
  if (!p.annotations) return null;
  return p.annotations.some((a) => a.class === 'redaction') ? 1 : 0;
}

/**
 * Makes a fully rendered document visible in one transaction: the document, its pages, text
 * layers, annotations and split, and the move of its staged files into the page cache. Until
 * this returns nothing of the document is visible; if it throws, nothing changed.
 */
export function commitDocument(db: Database, paths: DataPaths, doc: NewDocument): Committed {
  const insertDoc = db.prepare(
    `INSERT INTO documents (name, source_path, sha256, kind, mime, bytes, page_count, synthetic, synth_settings, state)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'ready')`,
  );
  const insertPage = db.prepare(
    `INSERT INTO pages (document_id, page_index, width, height, dpi, width_pt, height_pt, rotation, image_path,
       image_sha256, thumb_path, has_redactions)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertText = db.prepare('INSERT INTO page_text (page_id, items) VALUES (?, ?)');
  const insertBox = db.prepare(
    `INSERT INTO annotations (page_id, class, x0, y0, x1, y1, style, label, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const assign = db.prepare(
    `INSERT INTO dataset_documents (dataset_id, document_id, split) VALUES (?, ?, ?)
     ON CONFLICT(dataset_id, document_id) DO UPDATE SET split = excluded.split`,
  );
  const run = db.transaction((): Committed => {
    const pages = [...doc.pages].sort((a, b) => a.index - b.index);
    const r = insertDoc.run(
      doc.name,
      doc.sourcePath,
      doc.sha256,
      doc.kind,
      doc.mime,
      doc.bytes,
      pages.length,
      doc.synthetic ? 1 : 0,
      doc.synthSettings,
    );
    const documentId = Number(r.lastInsertRowid);
    const pageIds: number[] = [];
    for (const p of pages) {
      const pr = insertPage.run(
        documentId,
        p.index,
        p.width,
        p.height,
        p.dpi,
        p.widthPt,
        p.heightPt,
        p.rotation,
        pageImageRel(documentId, p.index),
        p.imageSha256,
        pageThumbRel(documentId, p.index),
        derivedFlag(p),
      );
      const pageId = Number(pr.lastInsertRowid);
      pageIds.push(pageId);
      if (p.text) insertText.run(pageId, JSON.stringify(p.text));
      for (const a of p.annotations ?? []) {
        insertBox.run(
          pageId,
          a.class,
          a.box[0],
          a.box[1],
          a.box[2],
          a.box[3],
          a.style ?? null,
          a.label ?? null,
          doc.annotationSource,
        );
      }
    }
    if (doc.dataset?.split) assign.run(doc.dataset.id, documentId, doc.dataset.split);
    // Last: a failed move throws, and the transaction rolls the rows back.
    moveDir(doc.staged.pagesDir, path.join(paths.pages, String(documentId)));
    try {
      moveDir(doc.staged.thumbsDir, path.join(paths.thumbs, String(documentId)));
    } catch (e) {
      fs.renameSync(path.join(paths.pages, String(documentId)), doc.staged.pagesDir);
      throw e;
    }
    return { documentId, pageIds };
  });
  return run.immediate();
}
