import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { createCanvas, Image } from '@napi-rs/canvas';
import { writeFileAtomicSync } from '../app/atomic-file';
import type { Box } from '../shared/boxes';

/** Longest side of a patch image. */
export const CROP_MAX_SIDE = 360;
const MAX_PAGE_PIXELS = 12_000 * 12_000;

/** Grows [lo, hi) to at least `len` around its centre, staying inside [0, max). */
function grow(lo: number, hi: number, len: number, max: number): [number, number] {
  if (hi - lo >= len) return [lo, hi];
  const extra = len - (hi - lo);
  let a = lo - extra / 2;
  let b = hi + extra / 2;
  if (a < 0) [a, b] = [0, b - a];
  if (b > max) [a, b] = [Math.max(0, a - (b - max)), max];
  return [a, b];
}

/**
 * The page region shown for a box: the box plus context (half its size, at least 24 px) on every
 * side, widened so that the patch is at most twice as wide as tall (or tall as wide), clipped to the
 * page, in whole pixels.
 */
export function cropRect(box: Box, width: number, height: number): Box {
  const padX = Math.max(24, 0.5 * (box[2] - box[0]));
  const padY = Math.max(24, 0.5 * (box[3] - box[1]));
  let [x0, x1] = [Math.max(0, box[0] - padX), Math.min(width, box[2] + padX)];
  let [y0, y1] = [Math.max(0, box[1] - padY), Math.min(height, box[3] + padY)];
  [y0, y1] = grow(y0, y1, (x1 - x0) / 2, height);
  [x0, x1] = grow(x0, x1, (y1 - y0) / 2, width);
  const r: Box = [Math.floor(x0), Math.floor(y0), Math.ceil(x1), Math.ceil(y1)];
  return [r[0], r[1], Math.max(r[2], r[0] + 1), Math.max(r[3], r[1] + 1)];
}

/** Media path of a crop: `eval/crop/<pageId>/<x0>_<y0>_<x1>_<y1>`. */
export function cropMediaPath(pageId: number, r: Box): string {
  return `eval/crop/${pageId}/${r.join('_')}`;
}

/** Parses `<x0>_<y0>_<x1>_<y1>` (whole pixels, x1 > x0, y1 > y0); null when malformed. */
export function parseRect(s: string): Box | null {
  const m = /^(\d{1,6})_(\d{1,6})_(\d{1,6})_(\d{1,6})$/.exec(s);
  if (!m) return null;
  const r = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])] as Box;
  return r[2] > r[0] && r[3] > r[1] ? r : null;
}

export function cropFile(cacheDir: string, pageId: number, r: Box): string {
  return path.join(cacheDir, String(pageId), `${r.join('_')}.png`);
}

function outSize(r: Box): { w: number; h: number } {
  const w = r[2] - r[0];
  const h = r[3] - r[1];
  const s = Math.min(1, CROP_MAX_SIDE / Math.max(w, h));
  return { w: Math.max(1, Math.round(w * s)), h: Math.max(1, Math.round(h * s)) };
}

function writeAtomic(file: string, data: Buffer): void {
  writeFileAtomicSync(file, data, { mkdir: true });
}

/** Renders the crops of one page image with sharp (off the main thread's CPU); skips existing ones. */
export async function renderCrops(imageFile: string, crops: readonly { rect: Box; file: string }[]): Promise<void> {
  const todo = crops.filter((c) => !fs.existsSync(c.file));
  if (todo.length === 0) return;
  const { data, info } = await sharp(imageFile, { limitInputPixels: MAX_PAGE_PIXELS })
    .raw()
    .toBuffer({ resolveWithObject: true });
  for (const c of todo) {
    const [x0, y0] = c.rect;
    const left = Math.min(x0, info.width - 1);
    const top = Math.min(y0, info.height - 1);
    const width = Math.max(1, Math.min(c.rect[2], info.width) - left);
    const height = Math.max(1, Math.min(c.rect[3], info.height) - top);
    const size = outSize([left, top, left + width, top + height]);
    const png = await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
      .extract({ left, top, width, height })
      .resize(size.w, size.h)
      .png({ compressionLevel: 6 })
      .toBuffer();
    writeAtomic(c.file, png);
  }
}

/** Synchronous fallback for a crop requested by URL before it was prepared (media resolvers are sync). */
export function renderCropSync(imageFile: string, rect: Box, file: string): boolean {
  try {
    const img = new Image();
    img.src = fs.readFileSync(imageFile);
    if (!img.complete || img.width === 0) return false;
    const r: Box = [rect[0], rect[1], Math.min(rect[2], img.width), Math.min(rect[3], img.height)];
    if (r[2] <= r[0] || r[3] <= r[1]) return false;
    const size = outSize(r);
    const canvas = createCanvas(size.w, size.h);
    canvas.getContext('2d').drawImage(img, r[0], r[1], r[2] - r[0], r[3] - r[1], 0, 0, size.w, size.h);
    writeAtomic(file, canvas.toBuffer('image/png'));
    return true;
  } catch {
    return false;
  }
}
