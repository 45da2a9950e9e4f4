import fs from 'node:fs';
import sharp from 'sharp';
import type { Box } from '../shared/boxes';

/** Pixels darker than this (0..255) count as ink. */
const INK = 200;
/** Width the image is reduced to before scanning (bounds are scaled back). */
const SCAN_WIDTH = 400;

const cache = new Map<string, { mtimeMs: number; box: Box | null }>();

/**
 * Bounds of the ink on a page image (everything darker than paper), in the image's pixels, or
 * null for a blank page. A light margin of scanner noise is ignored by requiring two dark pixels
 * per row/column. Cached by file and modification time.
 */
export async function inkBounds(file: string): Promise<Box | null> {
  const st = fs.statSync(file);
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === st.mtimeMs) return hit.box;
  const img = sharp(file, { limitInputPixels: 20_000 * 20_000 });
  const meta = await img.metadata();
  const W = meta.width ?? 0;
  const H = meta.height ?? 0;
  if (!W || !H) return null;
  const { data, info } = await img
    .greyscale()
    .resize({ width: Math.min(SCAN_WIDTH, W) })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const box = scan(data, info.width, info.height);
  const k = W / info.width;
  const out: Box | null = box
    ? [box[0] * k, box[1] * k, Math.min(W, (box[2] + 1) * k), Math.min(H, (box[3] + 1) * k)]
    : null;
  cache.set(file, { mtimeMs: st.mtimeMs, box: out });
  return out;
}

function scan(d: Buffer, w: number, h: number): Box | null {
  const rows = new Uint32Array(h);
  const cols = new Uint32Array(w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if ((d[y * w + x] ?? 255) < INK) {
        rows[y] = (rows[y] ?? 0) + 1;
        cols[x] = (cols[x] ?? 0) + 1;
      }
    }
  }
  const first = (a: Uint32Array): number => a.findIndex((v) => v >= 2);
  const last = (a: Uint32Array): number => a.length - 1 - [...a].reverse().findIndex((v) => v >= 2);
  const y0 = first(rows);
  const x0 = first(cols);
  if (y0 < 0 || x0 < 0) return null;
  return [x0, y0, last(cols), last(rows)];
}
