import type { Box } from '../../shared/boxes';
import type { GrayImage } from '../render';

/** A 2-D affine map: x' = a*x + b*y + c, y' = d*x + e*y + f. */
export interface Affine {
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
  f: number;
}

/**
 * The scan's geometry: rotation by `deg` and horizontal shear `shear` about the page centre, a
 * uniform `scale` and a shift, mapping page coordinates to image coordinates.
 */
export function scanTransform(
  width: number,
  height: number,
  deg: number,
  shear: number,
  scale: number,
  dx: number,
  dy: number,
): Affine {
  const t = (deg * Math.PI) / 180;
  const cos = Math.cos(t) * scale;
  const sin = Math.sin(t) * scale;
  // M = s * R * [[1, shear], [0, 1]]
  const a = cos;
  const b = cos * shear - sin;
  const d = sin;
  const e = sin * shear + cos;
  const cx = width / 2;
  const cy = height / 2;
  return { a, b, c: cx + dx - a * cx - b * cy, d, e, f: cy + dy - d * cx - e * cy };
}

export function invert(m: Affine): Affine {
  const det = m.a * m.e - m.b * m.d;
  const a = m.e / det;
  const b = -m.b / det;
  const d = -m.d / det;
  const e = m.a / det;
  return { a, b, c: -(a * m.c + b * m.f), d, e, f: -(d * m.c + e * m.f) };
}

export function apply(m: Affine, x: number, y: number): [number, number] {
  return [m.a * x + m.b * y + m.c, m.d * x + m.e * y + m.f];
}

/**
 * Resamples `src` through the forward map `m` (bilinear); pixels from outside the page get `bg`.
 * One pass over the output with incremental source coordinates.
 */
export function warp(src: GrayImage, m: Affine, bg: number): GrayImage {
  const { width: w, height: h, data: s } = src;
  const out = new Uint8Array(w * h);
  const inv = invert(m);
  // 16.16 fixed point source coordinates, 8-bit interpolation weights
  const ax = Math.round(inv.a * 65536);
  const ay = Math.round(inv.d * 65536);
  const maxX = (w - 1) * 65536;
  const maxY = (h - 1) * 65536;
  for (let y = 0; y < h; y++) {
    let sx = Math.round((inv.b * y + inv.c) * 65536);
    let sy = Math.round((inv.e * y + inv.f) * 65536);
    const row = y * w;
    for (let x = 0; x < w; x++, sx += ax, sy += ay) {
      if (sx < 0 || sy < 0 || sx >= maxX || sy >= maxY) {
        out[row + x] = bg;
        continue;
      }
      const x0 = sx >> 16;
      const y0 = sy >> 16;
      const fx = (sx >> 8) & 0xff;
      const fy = (sy >> 8) & 0xff;
      const i = y0 * w + x0;
      const p00 = s[i] as number;
      const p01 = s[i + 1] as number;
      const p10 = s[i + w] as number;
      const p11 = s[i + w + 1] as number;
      const top = (p00 << 8) + (p01 - p00) * fx;
      const bot = (p10 << 8) + (p11 - p10) * fx;
      out[row + x] = ((top << 8) + (bot - top) * fy + 32768) >> 16;
    }
  }
  return { width: w, height: h, data: out };
}

/**
 * The axis-aligned box that holds the outline `points` (x, y pairs) after `m`, grown by `grow`
 * pixels for the resampling footprint, rounded outward and clipped to the image. Null when
 * nothing of it is left inside.
 */
export function refit(
  points: readonly number[],
  m: Affine | null,
  width: number,
  height: number,
  grow = 0,
): Box | null {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i + 1 < points.length; i += 2) {
    const [x, y] = m
      ? apply(m, points[i] as number, points[i + 1] as number)
      : [points[i] as number, points[i + 1] as number];
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  const box: Box = [
    Math.max(0, Math.floor(x0 - grow)),
    Math.max(0, Math.floor(y0 - grow)),
    Math.min(width, Math.ceil(x1 + grow)),
    Math.min(height, Math.ceil(y1 + grow)),
  ];
  return box[2] - box[0] >= 1 && box[3] - box[1] >= 1 ? box : null;
}
