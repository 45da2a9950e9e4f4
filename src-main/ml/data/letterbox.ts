import sharp from 'sharp';
import { AppError } from '../../shared/errors';

/** Pages larger than this are refused (a hostile PNG must not exhaust memory). */
const MAX_PAGE_PIXELS = 200_000_000;

/** A page decoded and resized to fit the model's square input, before padding. */
export interface FittedPage {
  /** RGB bytes, [h, w, 3] row-major. */
  rgb: Uint8Array;
  w: number;
  h: number;
  /** Original page size in pixels. */
  pageW: number;
  pageH: number;
  /** Fitted pixels per page pixel. */
  scale: number;
  /** The page's background colour (median of its border), used for padding. */
  paper: [number, number, number];
}

/** Median of each channel over the outermost pixel rows and columns: the paper colour. */
export function paperColour(rgb: Uint8Array, w: number, h: number): [number, number, number] {
  const hist = [new Uint32Array(256), new Uint32Array(256), new Uint32Array(256)];
  let count = 0;
  const add = (x: number, y: number): void => {
    const o = (y * w + x) * 3;
    for (let c = 0; c < 3; c++) hist[c]![rgb[o + c]!]!++;
    count++;
  };
  for (let x = 0; x < w; x++) {
    add(x, 0);
    if (h > 1) add(x, h - 1);
  }
  for (let y = 1; y < h - 1; y++) {
    add(0, y);
    if (w > 1) add(w - 1, y);
  }
  return hist.map((hc) => {
    let acc = 0;
    for (let v = 0; v < 256; v++) {
      acc += hc[v]!;
      if (acc * 2 >= count) return v;
    }
    return 255;
  }) as [number, number, number];
}

/**
 * Decodes a page image and resizes it so its longer side is `size` (aspect kept, never cropped).
 */
export async function fitPage(file: string, size: number): Promise<FittedPage> {
  let pageW = 0;
  let pageH = 0;
  try {
    const meta = await sharp(file, { limitInputPixels: MAX_PAGE_PIXELS }).metadata();
    pageW = meta.width ?? 0;
    pageH = meta.height ?? 0;
  } catch (e) {
    throw new AppError('CORRUPT_FILE', `The image ${file} cannot be read (${(e as Error).message}).`);
  }
  if (!pageW || !pageH) throw new AppError('CORRUPT_FILE', `The image ${file} has no size.`);
  const scale = size / Math.max(pageW, pageH);
  const w = Math.max(1, Math.round(pageW * scale));
  const h = Math.max(1, Math.round(pageH * scale));
  const { data } = await sharp(file, { limitInputPixels: MAX_PAGE_PIXELS })
    .flatten({ background: '#ffffff' })
    .removeAlpha()
    .toColourspace('srgb')
    .resize(w, h, { fit: 'fill', kernel: 'cubic' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const rgb = new Uint8Array(data.buffer, data.byteOffset, data.length);
  if (rgb.length !== w * h * 3) throw new AppError('CORRUPT_FILE', `The image ${file} decoded to an unexpected size.`);
  return { rgb: Uint8Array.from(rgb), w, h, pageW, pageH, scale, paper: paperColour(rgb, w, h) };
}

/** Where a fitted page lands in the square input: input = page * scale + offset. */
export interface Placement {
  scale: number;
  dx: number;
  dy: number;
  flip: boolean;
}

/**
 * Draws the fitted page, resampled by `shrink` (≤ 1, bilinear) and shifted by (dx, dy), onto a
 * `size`×`size` canvas filled with the paper colour. No part of the page is ever cut off.
 * @returns [size, size, 3] RGB bytes
 */
export function compose(
  page: FittedPage,
  size: number,
  shrink: number,
  dx: number,
  dy: number,
  flip: boolean,
): Uint8Array {
  // shared memory: handing the image to a training replica or inference thread shares it instead
  // of copying it (3 MB at 1024 px) in every message
  const out = new Uint8Array(new SharedArrayBuffer(size * size * 3));
  const [pr, pg, pb] = page.paper;
  for (let i = 0; i < size * size; i++) {
    out[i * 3] = pr;
    out[i * 3 + 1] = pg;
    out[i * 3 + 2] = pb;
  }
  const w = Math.min(size - dx, Math.round(page.w * shrink));
  const h = Math.min(size - dy, Math.round(page.h * shrink));
  const src = page.rgb;
  if (shrink === 1 && !flip) {
    for (let y = 0; y < h; y++) out.set(src.subarray(y * page.w * 3, (y * page.w + w) * 3), ((dy + y) * size + dx) * 3);
    return out;
  }
  // Bilinear resampling; column taps and weights are the same for every row.
  const cx0 = new Int32Array(w);
  const cx1 = new Int32Array(w);
  const cwx = new Float32Array(w);
  for (let x = 0; x < w; x++) {
    const fx = Math.min(page.w - 1, Math.max(0, (x + 0.5) / shrink - 0.5));
    cx0[x] = Math.floor(fx) * 3;
    cx1[x] = Math.min(page.w - 1, Math.floor(fx) + 1) * 3;
    cwx[x] = fx - Math.floor(fx);
  }
  for (let y = 0; y < h; y++) {
    const fy = Math.min(page.h - 1, Math.max(0, (y + 0.5) / shrink - 0.5));
    const r0 = Math.floor(fy) * page.w * 3;
    const r1 = Math.min(page.h - 1, Math.floor(fy) + 1) * page.w * 3;
    const wy = fy - Math.floor(fy);
    const rowOut = (dy + y) * size;
    for (let x = 0; x < w; x++) {
      const wx = cwx[x]!;
      const a0 = r0 + cx0[x]!;
      const a1 = r0 + cx1[x]!;
      const b0 = r1 + cx0[x]!;
      const b1 = r1 + cx1[x]!;
      const o = (rowOut + (flip ? dx + w - 1 - x : dx + x)) * 3;
      for (let c = 0; c < 3; c++) {
        const top = src[a0 + c]! + (src[a1 + c]! - src[a0 + c]!) * wx;
        const bot = src[b0 + c]! + (src[b1 + c]! - src[b0 + c]!) * wx;
        out[o + c] = (top + (bot - top) * wy + 0.5) | 0;
      }
    }
  }
  return out;
}

/** Maps a page-pixel box into the input, through the fit scale and a placement. */
export function boxToInput(box: [number, number, number, number], p: Placement, size: number, drawnW: number) {
  let x0 = box[0] * p.scale + p.dx;
  let x1 = box[2] * p.scale + p.dx;
  if (p.flip) [x0, x1] = [2 * p.dx + drawnW - x1, 2 * p.dx + drawnW - x0];
  const clamp = (v: number): number => Math.max(0, Math.min(size, v));
  return [clamp(x0), clamp(box[1] * p.scale + p.dy), clamp(x1), clamp(box[3] * p.scale + p.dy)] as [
    number,
    number,
    number,
    number,
  ];
}

/** Maps an input-pixel box back to page pixels (no flip at inference). */
export function boxToPage(box: [number, number, number, number], scale: number, pageW: number, pageH: number) {
  const cx = (v: number, max: number): number => Math.max(0, Math.min(max, v / scale));
  return [cx(box[0], pageW), cx(box[1], pageH), cx(box[2], pageW), cx(box[3], pageH)] as [
    number,
    number,
    number,
    number,
  ];
}
