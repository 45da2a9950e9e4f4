import { LEVEL_RANGES, STRIDES } from './config';
import type { Locations } from './locations';

/** A ground-truth box in input pixels with its class index. */
export interface GtBox {
  box: [number, number, number, number];
  cls: number;
}

/** Training targets of one image. */
export interface Targets {
  /** [P] class index of the box a location is assigned to, or -1 (background). */
  cls: Int32Array;
  /** [P, 4] assigned box [x0, y0, x1, y1] in input pixels (zeros for background). */
  box: Float32Array;
  /** Number of positive locations. */
  numPos: number;
}

/** Centre-sampling radius in strides (FCOS uses 1.5). */
const RADIUS = 1.5;
/** Along a box's long side, locations up to this fraction of its half-length are positive. */
const LONG_FRACTION = 0.5;

/**
 * Half-extent of the sampling region along one axis: at least half a stride (so even a box
 * thinner than a stride gets a location), at most half the box, and along a long side up to
 * LONG_FRACTION of it (a 600×15 redaction gets a row of positives, not one).
 */
function halfExtent(extent: number, stride: number): number {
  return Math.max(stride / 2, Math.min(extent / 2, Math.max(RADIUS * stride, (LONG_FRACTION * extent) / 2)));
}

/**
 * Center-sampling assignment for thin, long and page-sized boxes. A box goes to every level whose
 * range (LEVEL_RANGES, on sqrt(area)) contains its size; on a level, locations whose centre is
 * within the sampling region around the box centre are positive. A location claimed by several
 * boxes takes the smallest one (FCOS).
 */
export function assignTargets(gts: GtBox[], loc: Locations): Targets {
  const cls = new Int32Array(loc.count).fill(-1);
  const box = new Float32Array(loc.count * 4);
  const area = new Float32Array(loc.count).fill(Infinity);
  // Level index ranges in the flat location array.
  const starts: number[] = [];
  for (let i = 0; i < loc.count; i++) if (i === 0 || loc.level[i] !== loc.level[i - 1]) starts.push(i);
  starts.push(loc.count);
  for (const g of gts) {
    const [x0, y0, x1, y1] = g.box;
    const w = x1 - x0;
    const h = y1 - y0;
    if (!(w > 0 && h > 0)) continue;
    const size = Math.sqrt(w * h);
    const a = w * h;
    const cx = (x0 + x1) / 2;
    const cy = (y0 + y1) / 2;
    STRIDES.forEach((s, l) => {
      const [lo, hi] = LEVEL_RANGES[s];
      const first = l === 0 && size < lo;
      const last = l === STRIDES.length - 1 && size >= hi;
      if (!(first || last || (size >= lo && size < hi))) return;
      const hx = halfExtent(w, s);
      const hy = halfExtent(h, s);
      for (let i = starts[l]!; i < starts[l + 1]!; i++) {
        const px = loc.x[i]!;
        const py = loc.y[i]!;
        if (px < cx - hx || px >= cx + hx || py < cy - hy || py >= cy + hy) continue;
        if (a >= area[i]!) continue;
        area[i] = a;
        cls[i] = g.cls;
        box.set(g.box, i * 4);
      }
    });
  }
  let numPos = 0;
  for (let i = 0; i < loc.count; i++) if (cls[i]! >= 0) numPos++;
  return { cls, box, numPos };
}
