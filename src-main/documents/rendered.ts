import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Split } from '../shared/contract/datasets';
import { CLASSES, BOX_STYLES, clipBox, isFiniteBox, type Box, type BoxClass, type BoxStyle } from '../shared/boxes';
import { writeFileAtomic } from '../app/atomic-file';
import { AppError } from '../shared/errors';
import type { NewAnnotation, NewPage } from './commit';
import { LIMITS } from './import/messages';
import { pageFileName, THUMB_WIDTH, thumbFileName } from './render/protocol';

/** A page someone else rendered (synthetic generator, sample library), with optional boxes in its pixels. */
export interface RenderedPageInput {
  png: Buffer;
  width: number;
  height: number;
  dpi: number;
  annotations?: { class: BoxClass; box: Box; style?: BoxStyle | null; label?: string | null }[];
}

export interface RenderedDocumentInput {
  name: string;
  kind: 'synthetic' | 'image';
  pages: RenderedPageInput[];
  /** Stored as JSON with the document (generator settings and seed). */
  synthSettings?: unknown;
  dataset?: { name: string; split: Split };
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function invalid(msg: string): AppError {
  return new AppError('INVALID_DATA', msg);
}

function checkAnnotations(p: RenderedPageInput, pageNo: number): NewAnnotation[] {
  const out: NewAnnotation[] = [];
  for (const a of p.annotations ?? []) {
    if (!(CLASSES as readonly string[]).includes(a.class))
      throw invalid(`Page ${pageNo} has a box of unknown class "${String(a.class)}".`);
    if (!Array.isArray(a.box) || !isFiniteBox(a.box))
      throw invalid(`Page ${pageNo} has a box with a coordinate that is not a number.`);
    if (a.style != null && !(BOX_STYLES as readonly string[]).includes(a.style))
      throw invalid(`Page ${pageNo} has a box with unknown style "${a.style}".`);
    const b = clipBox(a.box, p.width, p.height);
    if (b[2] - b[0] <= 0 || b[3] - b[1] <= 0)
      throw invalid(`Page ${pageNo} has a box with no area inside the page: [${a.box.join(', ')}].`);
    out.push({ class: a.class, box: b, style: a.style ?? null, label: a.label ?? null });
  }
  return out;
}

/**
 * Checks a rendered document and writes its pages and thumbnails into `staged`. Returns the pages
 * for the commit and the document hash (sha256 over the pages' PNG hashes).
 */
export async function stageRenderedDocument(
  input: RenderedDocumentInput,
  staged: { pagesDir: string; thumbsDir: string },
): Promise<{ pages: NewPage[]; sha256: string; bytes: number }> {
  if (typeof input.name !== 'string' || input.name.trim() === '' || input.name.length > 300)
    throw invalid('A document needs a name of 1 to 300 characters.');
  if (!Array.isArray(input.pages) || input.pages.length === 0) throw invalid(`Document "${input.name}" has no pages.`);
  if (input.pages.length > LIMITS.maxPages)
    throw invalid(`Document "${input.name}" has more than ${LIMITS.maxPages} pages.`);
  const docHash = crypto.createHash('sha256').update(`rendered:${input.kind}\0`);
  const pages: NewPage[] = [];
  let bytes = 0;
  for (const [index, p] of input.pages.entries()) {
    const pageNo = index + 1;
    if (!Buffer.isBuffer(p.png) || !p.png.subarray(0, 8).equals(PNG_MAGIC))
      throw invalid(`Page ${pageNo} of "${input.name}" is not a PNG image.`);
    if (
      !Number.isInteger(p.width) ||
      !Number.isInteger(p.height) ||
      p.width < 1 ||
      p.height < 1 ||
      p.width * p.height > LIMITS.maxImagePixels
    ) {
      throw invalid(`Page ${pageNo} of "${input.name}" has an impossible size ${p.width}×${p.height}.`);
    }
    if (!(Number.isFinite(p.dpi) && p.dpi > 0))
      throw invalid(`Page ${pageNo} of "${input.name}" needs a positive DPI.`);
    const annotations = checkAnnotations(p, pageNo);
    const meta = await sharp(p.png, { limitInputPixels: LIMITS.maxImagePixels }).metadata();
    if (meta.width !== p.width || meta.height !== p.height) {
      throw invalid(
        `Page ${pageNo} of "${input.name}" is ${meta.width}×${meta.height} pixels, not the ${p.width}×${p.height} given.`,
      );
    }
    const sha = crypto.createHash('sha256').update(p.png).digest('hex');
    docHash.update(sha);
    bytes += p.png.length;
    await writeFileAtomic(path.join(staged.pagesDir, pageFileName(index)), p.png);
    const thumb = await sharp(p.png)
      .resize({ width: Math.min(THUMB_WIDTH, p.width) })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 75 })
      .toBuffer();
    await writeFileAtomic(path.join(staged.thumbsDir, thumbFileName(index)), thumb);
    pages.push({
      index,
      width: p.width,
      height: p.height,
      dpi: p.dpi,
      widthPt: null,
      heightPt: null,
      rotation: 0,
      imageSha256: sha,
      text: null,
      annotations,
      // A generated page knows its truth, and so does a page given with its (possibly empty) box
      // list; a plain image given without boxes says nothing yet.
      hasRedactions:
        input.kind === 'synthetic' || p.annotations !== undefined
          ? annotations.some((a) => a.class === 'redaction')
          : null,
    });
  }
  return { pages, sha256: docHash.digest('hex'), bytes };
}

export function makeStaging(tmpRoot: string): { root: string; pagesDir: string; thumbsDir: string } {
  const root = path.join(tmpRoot, 'import', crypto.randomUUID());
  const staged = { root, pagesDir: path.join(root, 'pages'), thumbsDir: path.join(root, 'thumbs') };
  fs.mkdirSync(staged.pagesDir, { recursive: true });
  fs.mkdirSync(staged.thumbsDir, { recursive: true });
  return staged;
}
