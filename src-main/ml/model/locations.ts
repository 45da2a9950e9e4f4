import { STRIDES, levelSizes } from './config';

/** Centres and strides of every location of the pyramid, levels concatenated, row-major. */
export interface Locations {
  /** Number of locations P. */
  count: number;
  /** [P] centre x in input pixels. */
  x: Float32Array;
  /** [P] centre y in input pixels. */
  y: Float32Array;
  /** [P] stride of the location's level. */
  stride: Float32Array;
  /** [P] level index (0 for stride 8). */
  level: Uint8Array;
}

const cache = new Map<number, Locations>();

/** The locations for a square input of side `imageSize` (cached). */
export function locations(imageSize: number): Locations {
  const hit = cache.get(imageSize);
  if (hit) return hit;
  const sizes = levelSizes(imageSize);
  const count = sizes.reduce((a, n) => a + n * n, 0);
  const loc: Locations = {
    count,
    x: new Float32Array(count),
    y: new Float32Array(count),
    stride: new Float32Array(count),
    level: new Uint8Array(count),
  };
  let i = 0;
  sizes.forEach((n, l) => {
    const s = STRIDES[l]!;
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++, i++) {
        loc.x[i] = (c + 0.5) * s;
        loc.y[i] = (r + 0.5) * s;
        loc.stride[i] = s;
        loc.level[i] = l;
      }
    }
  });
  cache.set(imageSize, loc);
  return loc;
}

/** Box parametrisation limits: log-size is clipped before exp to keep training finite. */
export const LOG_SIZE_CLIP = 7;

/**
 * Decodes one location's 4 box values: centre offset in strides, log width and height in strides.
 * A location may lie outside its box (thin redactions are thinner than a stride).
 * @returns [x0, y0, x1, y1] in input pixels
 */
export function decodeBox(
  loc: Locations,
  i: number,
  d: ArrayLike<number>,
  off: number,
): [number, number, number, number] {
  const s = loc.stride[i]!;
  const cx = loc.x[i]! + d[off]! * s;
  const cy = loc.y[i]! + d[off + 1]! * s;
  const clip = (v: number): number => Math.max(-LOG_SIZE_CLIP, Math.min(LOG_SIZE_CLIP, v));
  const hw = (s * Math.exp(clip(d[off + 2]!))) / 2;
  const hh = (s * Math.exp(clip(d[off + 3]!))) / 2;
  return [cx - hw, cy - hh, cx + hw, cy + hh];
}
