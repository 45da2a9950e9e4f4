import fs from 'node:fs';
import sharp from 'sharp';
import { inkExtent } from '../ml/model/content-fit';
import type { Box } from '../shared/boxes';

/** Width the image is reduced to before scanning (bounds are scaled back). */
const SCAN_WIDTH = 400;

const cache = new Map<string, { mtimeMs: number; box: Box | null }>();

/**
 * Bounds of the print on a page image, in the image's pixels, or null for a blank page: the same
 * `inkExtent` that fits the detector's content boxes (ink well below the paper's level; scan
 * borders, edge shadows and stray specks ignored). Cached by file and modification time.
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
  const grey = { data, width: info.width, height: info.height, channels: 1 as const };
  const box = inkExtent(grey, [0, 0, info.width, info.height]);
  const k = W / info.width;
  const out: Box | null = box ? [box[0] * k, box[1] * k, Math.min(W, box[2] * k), Math.min(H, box[3] * k)] : null;
  cache.set(file, { mtimeMs: st.mtimeMs, box: out });
  return out;
}
