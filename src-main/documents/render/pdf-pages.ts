import fs from 'node:fs';
import path from 'node:path';
import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist';
import type { TextItem } from 'pdfjs-dist/types/src/display/api';
import type { TextItemDTO } from '../../shared/contract/documents';
import { AppError } from '../../shared/errors';
import { importErrors } from '../import/messages';
import { FontCanvasFactory, fontDocument, installFontFace, mapFonts } from './pdf-fonts';
import { writePagePng } from './encode';
import { writeFileAtomic } from '../../app/atomic-file';
import { joinGlyphRuns, type GlyphRuns } from './glyph-runs';
import { pageFileName, THUMB_WIDTH, thumbFileName, type RenderLimits, type RenderedPageInfo } from './protocol';

type Pdfjs = typeof import('pdfjs-dist');

let pdfjsPromise: Promise<Pdfjs> | null = null;

/** pdfjs' legacy build (the one for Node), loaded once per worker. */
function loadPdfjs(): Promise<Pdfjs> {
  pdfjsPromise ??= import('pdfjs-dist/legacy/build/pdf.mjs') as Promise<Pdfjs>;
  return pdfjsPromise;
}

/** Folder of pdfjs' data files, as a filesystem path ending in a separator (pdfjs needs the slash). */
function pdfjsDataDir(sub: 'standard_fonts' | 'cmaps'): string {
  return path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), sub) + path.sep;
}

const open = new Map<string, Promise<PDFDocumentProxy>>();

/** Text drawn with the fonts, unless `REDLAB_PDF_GLYPH_PATHS=1` (pdfjs' Node default: glyph paths). */
function fontsAllowed(): boolean {
  return process.env.REDLAB_PDF_GLYPH_PATHS !== '1';
}

/** Maps pdfjs' exceptions to the import's plain-language errors. */
export function pdfError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  const err = e as { name?: string; message?: string };
  if (err?.name === 'PasswordException') return importErrors.encrypted();
  return importErrors.corruptPdf(String(err?.message ?? e).split('\n')[0] ?? 'unknown error');
}

/**
 * Opens a PDF (kept open for the next task on the same file; at most two stay open). Text is drawn
 * through the fonts (see pdf-fonts.ts), or as glyph paths with `REDLAB_PDF_GLYPH_PATHS=1`.
 */
export async function openPdf(file: string): Promise<PDFDocumentProxy> {
  const cached = open.get(file);
  if (cached) return cached;
  for (const [key, doc] of open) {
    if (open.size < 2) break;
    open.delete(key);
    void doc.then((d) => d.destroy()).catch(() => undefined);
  }
  const p = (async () => {
    const pdfjs = await loadPdfjs();
    const data = new Uint8Array(await fs.promises.readFile(file));
    installFontFace();
    const task = pdfjs.getDocument({
      data,
      isEvalSupported: false,
      // Text through the canvas' glyph cache instead of one path per glyph (see pdf-fonts.ts).
      disableFontFace: !fontsAllowed(),
      ownerDocument: fontDocument as unknown as Document,
      CanvasFactory: FontCanvasFactory,
      standardFontDataUrl: pdfjsDataDir('standard_fonts'),
      cMapUrl: pdfjsDataDir('cmaps'),
      cMapPacked: true,
      stopAtErrors: false,
      verbosity: 0,
    });
    return task.promise;
  })();
  open.set(file, p);
  p.catch(() => open.delete(file));
  return p;
}

export async function probePdf(file: string, limits: RenderLimits): Promise<{ pageCount: number }> {
  try {
    const doc = await openPdf(file);
    if (doc.numPages < 1) throw importErrors.corruptPdf('it has no pages');
    if (doc.numPages > limits.maxPages) throw importErrors.tooManyPages(doc.numPages);
    return { pageCount: doc.numPages };
  } catch (e) {
    throw pdfError(e);
  }
}

/** Text items in PDF points, origin top-left: each item's axis-aligned box. */
export async function pageTextItems(page: PDFPageProxy, pdfjs: Pdfjs): Promise<TextItemDTO[]> {
  const vp = page.getViewport({ scale: 1 });
  const content = await page.getTextContent();
  const out: TextItemDTO[] = [];
  for (const raw of content.items) {
    const item = raw as TextItem;
    if (typeof item.str !== 'string' || item.str.length === 0) continue;
    const m = pdfjs.Util.transform(vp.transform, item.transform) as number[];
    const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = m;
    const len = Math.hypot(a, b) || 1;
    // (a, b) runs along the baseline; (c, d) points up the glyphs with the font's height.
    const ux = (a / len) * item.width;
    const uy = (b / len) * item.width;
    const upx = c;
    const upy = d;
    const xs = [e, e + ux, e + upx, e + ux + upx];
    const ys = [f, f + uy, f + upy, f + uy + upy];
    const x0 = Math.min(...xs);
    const y0 = Math.min(...ys);
    const r = (v: number): number => Math.round(v * 100) / 100;
    out.push({ str: item.str, x: r(x0), y: r(y0), width: r(Math.max(...xs) - x0), height: r(Math.max(...ys) - y0) });
  }
  return out;
}

/** The DPI a page is rendered at: the requested one, lowered when the page would exceed the pixel limit. */
export function effectiveDpi(widthPt: number, heightPt: number, dpi: number, maxPixels: number): number {
  const px = ((widthPt * dpi) / 72) * ((heightPt * dpi) / 72);
  return px <= maxPixels ? dpi : dpi * Math.sqrt(maxPixels / px) * 0.999;
}

let reusable: { canvas: Canvas; ctx: SKRSContext2D; runs: GlyphRuns } | null = null;

/**
 * The canvas to draw a page on: the previous page's when it has the same size (nearly every page
 * of a document), else a new one. A fresh 4-byte-per-pixel canvas per page costs page faults on
 * megabytes of new memory, which made two render processes slow each other down. Its context
 * joins pdfjs' one-glyph text calls into runs (glyph-runs.ts).
 */
function pageCanvas(width: number, height: number): { canvas: Canvas; ctx: SKRSContext2D; runs: GlyphRuns } {
  if (reusable && reusable.canvas.width === width && reusable.canvas.height === height) {
    const { ctx } = reusable;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalAlpha = 1;
    ctx.globalCompositeOperation = 'source-over';
    ctx.clearRect(0, 0, width, height);
    return reusable;
  }
  const canvas = createCanvas(width, height);
  const ctx = mapFonts(canvas.getContext('2d'));
  // REDLAB_PDF_SINGLE_GLYPHS=1: pdfjs' own one call per glyph (for comparisons).
  const runs =
    process.env.REDLAB_PDF_SINGLE_GLYPHS === '1'
      ? { flush: (): void => undefined, stats: () => ({ glyphs: 0, calls: 0 }) }
      : joinGlyphRuns(ctx);
  reusable = { canvas, ctx, runs };
  return reusable;
}

/** Renders one page into the cache folders: PNG, JPEG thumbnail from the same canvas, text layer. */
export async function renderPdfPage(
  file: string,
  index: number,
  dpi: number,
  dirs: { pagesDir: string; thumbsDir: string },
  limits: RenderLimits,
): Promise<RenderedPageInfo> {
  try {
    const pdfjs = await loadPdfjs();
    const doc = await openPdf(file);
    const page = await doc.getPage(index + 1);
    const base = page.getViewport({ scale: 1 });
    const useDpi = effectiveDpi(base.width, base.height, dpi, limits.maxRenderPixels);
    const viewport = page.getViewport({ scale: useDpi / 72 });
    const width = Math.max(1, Math.round(viewport.width));
    const height = Math.max(1, Math.round(viewport.height));
    const { canvas, ctx, runs } = pageCanvas(width, height);
    await page.render({
      canvas: canvas as unknown as HTMLCanvasElement,
      canvasContext: ctx as unknown as CanvasRenderingContext2D,
      viewport,
    }).promise;
    runs.flush();
    const text = await pageTextItems(page, pdfjs);
    const thumbW = Math.min(THUMB_WIDTH, width);
    const thumb = createCanvas(thumbW, Math.max(1, Math.round((height * thumbW) / width)));
    thumb.getContext('2d').drawImage(canvas, 0, 0, thumb.width, thumb.height);
    const [sha] = await Promise.all([
      writePagePng({ data: canvas.data(), width, height, channels: 4 }, path.join(dirs.pagesDir, pageFileName(index))),
      thumb.encode('jpeg', 75).then((b) => writeFileAtomic(path.join(dirs.thumbsDir, thumbFileName(index)), b)),
    ]);
    page.cleanup();
    return {
      index,
      width,
      height,
      dpi: Math.round(useDpi * 1000) / 1000,
      widthPt: Math.round(base.width * 1000) / 1000,
      heightPt: Math.round(base.height * 1000) / 1000,
      rotation: page.rotate,
      imageSha256: sha,
      text,
    };
  } catch (e) {
    throw pdfError(e);
  }
}
