import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Database } from 'better-sqlite3';
import type { DataPaths } from '../app/paths';
import { commitDocument, type NewAnnotation } from '../documents/commit';
import { inspectFile, keepOriginal, type ImportEnv } from '../documents/import/import-file';
import { LIMITS } from '../documents/import/messages';
import { MIME } from '../documents/import/sniff';
import type { RenderedPageInfo } from '../documents/render/protocol';
import { makeStaging } from '../documents/rendered';
import type { ImportResultDTO } from '../shared/contract/documents';
import type { Split } from '../shared/contract/datasets';
import { AppError } from '../shared/errors';
import { validatePageBoxes } from '../datasets/validation';
import type { AnnotatedImage } from './annotated-image';
import { invalidData } from './safe-json';

interface Checked {
  image: AnnotatedImage;
  sha256: string;
  bytes: number;
  type: 'png' | 'jpeg' | 'tiff' | 'webp';
  width: number;
  height: number;
  boxes: NewAnnotation[];
}

/** The image's size as the app will store it (EXIF orientation applied). */
async function orientedSize(file: string): Promise<{ width: number; height: number }> {
  const m = await sharp(file, { limitInputPixels: false }).metadata();
  const swap = (m.orientation ?? 1) >= 5;
  return { width: (swap ? m.height : m.width) ?? 0, height: (swap ? m.width : m.height) ?? 0 };
}

/** Checks every image before anything is written: exists, is an image, size as declared, boxes scaled. */
async function checkImages(source: string, images: AnnotatedImage[]): Promise<Checked[]> {
  const out: Checked[] = [];
  for (const image of images) {
    let info;
    try {
      info = await inspectFile(image.file);
    } catch (e) {
      throw invalidData(source, `the image "${image.name}" cannot be used: ${(e as Error).message}`);
    }
    if (info.type === 'pdf') throw invalidData(source, `"${image.name}" is a PDF, not an image.`);
    const { width, height } = await orientedSize(image.file);
    if (width * height > LIMITS.maxImagePixels)
      throw invalidData(source, `the image "${image.name}" is ${width}×${height} pixels, too large to import.`);
    if ((image.width !== null && image.width !== width) || (image.height !== null && image.height !== height)) {
      throw invalidData(
        source,
        `the image "${image.name}" is ${width}×${height} pixels but the file says ${image.width}×${image.height}.`,
      );
    }
    const boxes = image.normalized
      ? image.boxes.map((b) => ({
          ...b,
          box: [b.box[0] * width, b.box[1] * height, b.box[2] * width, b.box[3] * height] as NewAnnotation['box'],
        }))
      : image.boxes;
    out.push({ image, sha256: info.sha256, bytes: info.bytes, type: info.type, width, height, boxes });
  }
  return out;
}

interface Staged {
  c: Checked;
  dirs: ReturnType<typeof makeStaging>;
  page: RenderedPageInfo;
}

/** The page of an already imported one-page document that has no boxes yet, or null. */
function attachTarget(db: Database, documentId: number): number | null {
  const page = db.prepare('SELECT id FROM pages WHERE document_id = ? ORDER BY page_index LIMIT 1').get(documentId) as
    { id: number } | undefined;
  if (!page) return null;
  const n = (db.prepare('SELECT COUNT(*) AS n FROM annotations WHERE page_id = ?').get(page.id) as { n: number }).n;
  return n === 0 ? page.id : null;
}

export interface AnnotatedImportOptions {
  signal?: AbortSignal;
  onProgress?: (fraction: number, message?: string) => void;
  dataset?: { id: number; split: Split | null };
}

/**
 * Imports checked images with their boxes, all or nothing: each image becomes a one-page document
 * (its boxes stored with source 'import'). An image already in the library gets the boxes only if
 * it has none yet; otherwise it is left as it is and a warning says so.
 */
export async function importAnnotated(
  env: ImportEnv,
  source: string,
  images: AnnotatedImage[],
  opts: AnnotatedImportOptions,
): Promise<ImportResultDTO> {
  const checked = await checkImages(source, images);
  const warnings: string[] = [];
  const staged: Staged[] = [];
  const cleanup: string[] = [];
  const attach: { c: Checked; documentId: number; pageId: number }[] = [];
  const existing: ImportResultDTO['documents'] = [];
  const seen = new Set<string>();
  try {
    for (const [i, c] of checked.entries()) {
      opts.signal?.throwIfAborted();
      opts.onProgress?.(i / Math.max(1, checked.length), `Image ${i + 1} of ${checked.length}`);
      const found = env.findBySha(c.sha256);
      if (found || seen.has(c.sha256)) {
        const target = found ? attachTarget(env.db, found.id) : null;
        if (found && target && found.pageCount === 1) attach.push({ c, documentId: found.id, pageId: target });
        else
          warnings.push(
            `${c.image.name}: the same image is already in the library with boxes; its boxes were left as they are.`,
          );
        if (found) existing.push({ id: found.id, name: found.name, pages: found.pageCount, existing: true });
        continue;
      }
      seen.add(c.sha256);
      const dirs = makeStaging(env.paths.tmp);
      cleanup.push(dirs.root);
      let page: RenderedPageInfo | null = null;
      const task = {
        op: 'render' as const,
        file: c.image.file,
        type: c.type,
        pages: [0],
        dpi: 72,
        ...dirs,
        limits: env.limits,
      };
      await env.pool.run(task, { signal: opts.signal, onPage: (p) => (page = p) });
      if (!page) throw new AppError('INTERNAL', `The image "${c.image.name}" was not rendered.`);
      await keepOriginal(env.paths, c.image.file, c.sha256, c.type);
      staged.push({ c, dirs, page });
    }
    const committed = commitAll(env.db, env.paths, staged, attach, opts.dataset);
    for (const s of staged) {
      const issues = validatePageBoxes(
        s.c.width,
        s.c.height,
        s.c.boxes.map((b, k) => ({ id: k, class: b.class, box: b.box })),
      );
      for (const issue of issues) warnings.push(`${s.c.image.name}: ${issue.detail}.`);
    }
    return { documents: [...committed, ...existing], errors: [], warnings };
  } finally {
    for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
  }
}

function commitAll(
  db: Database,
  paths: DataPaths,
  staged: Staged[],
  attach: { c: Checked; documentId: number; pageId: number }[],
  dataset: AnnotatedImportOptions['dataset'],
): ImportResultDTO['documents'] {
  const insertBox = db.prepare(
    `INSERT INTO annotations (page_id, class, x0, y0, x1, y1, style, label, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'import')`,
  );
  const bump = db.prepare(
    `UPDATE pages SET annotation_version = annotation_version + 1, has_redactions = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`,
  );
  return db.transaction(() => {
    const docs: ImportResultDTO['documents'] = [];
    for (const s of staged) {
      const r = commitDocument(db, paths, {
        name: s.c.image.name,
        sourcePath: path.resolve(s.c.image.file),
        sha256: s.c.sha256,
        kind: 'image',
        mime: MIME[s.c.type],
        bytes: s.c.bytes,
        synthetic: false,
        synthSettings: null,
        pages: [{ ...s.page, annotations: s.c.boxes, hasRedactions: s.c.boxes.some((b) => b.class === 'redaction') }],
        staged: s.dirs,
        annotationSource: 'import',
        dataset,
      });
      docs.push({ id: r.documentId, name: s.c.image.name, pages: 1 });
    }
    for (const a of attach) {
      for (const b of a.c.boxes)
        insertBox.run(a.pageId, b.class, b.box[0], b.box[1], b.box[2], b.box[3], b.style ?? null, b.label ?? null);
      bump.run(a.c.boxes.some((b) => b.class === 'redaction') ? 1 : 0, a.pageId);
    }
    return docs;
  })();
}
