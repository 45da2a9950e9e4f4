import path from 'node:path';
import sharp, { type Metadata } from 'sharp';
import { AppError } from '../../shared/errors';
import { importErrors } from '../import/messages';
import { writePagePng, writeThumbFromRaw } from './encode';
import { pageFileName, THUMB_WIDTH, thumbFileName, type RenderLimits, type RenderedPageInfo } from './protocol';

/** Maps sharp/libvips failures to the import's plain-language errors. */
export function imageError(e: unknown, dims?: { width?: number; height?: number }): AppError {
  if (e instanceof AppError) return e;
  const msg = String((e as { message?: string })?.message ?? e);
  if (/pixel limit/i.test(msg)) return importErrors.imageTooLarge(dims?.width ?? 0, dims?.height ?? 0);
  if (/unsupported image format/i.test(msg)) return importErrors.unsupported();
  return importErrors.corruptImage(msg.split('\n')[0] ?? 'unknown error');
}

/** Reads only the header: size and page count, refusing decompression bombs before any decoding. */
export async function probeImage(file: string, limits: RenderLimits): Promise<{ pageCount: number }> {
  let meta: Metadata;
  try {
    meta = await sharp(file, { limitInputPixels: false }).metadata();
  } catch (e) {
    throw imageError(e);
  }
  const w = meta.width ?? 0;
  const h = meta.height ?? 0;
  if (w <= 0 || h <= 0) throw importErrors.corruptImage('it has no size');
  if (w * h > limits.maxImagePixels) throw importErrors.imageTooLarge(w, h);
  const pages = meta.pages ?? 1;
  if (pages > limits.maxPages) throw importErrors.tooManyPages(pages);
  return { pageCount: pages };
}

/**
 * Decodes one page of an image (EXIF orientation applied, transparency on white) into the cache
 * at its own pixel size. `dpi` is the file's density when it has one, else 72.
 */
export async function renderImagePage(
  file: string,
  index: number,
  dirs: { pagesDir: string; thumbsDir: string },
  limits: RenderLimits,
): Promise<RenderedPageInfo> {
  let dims: { width?: number; height?: number } = {};
  try {
    const input = sharp(file, { page: index, pages: 1, limitInputPixels: limits.maxImagePixels });
    const meta = await input.metadata();
    dims = { width: meta.width, height: meta.height };
    const { data, info } = await input
      .rotate()
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    const img = { data, width: info.width, height: info.height, channels: info.channels };
    const [sha] = await Promise.all([
      writePagePng(img, path.join(dirs.pagesDir, pageFileName(index))),
      writeThumbFromRaw(img, THUMB_WIDTH, path.join(dirs.thumbsDir, thumbFileName(index))),
    ]);
    return {
      index,
      width: info.width,
      height: info.height,
      dpi: meta.density && meta.density > 0 ? meta.density : 72,
      widthPt: null,
      heightPt: null,
      rotation: 0,
      imageSha256: sha,
      text: null,
    };
  } catch (e) {
    throw imageError(e, dims);
  }
}
