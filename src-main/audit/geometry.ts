import type { Box } from '../shared/boxes';

/** A 2-D affine transform `[a, b, c, d, e, f]`: x' = a·x + c·y + e, y' = b·x + d·y + f (PDF order). */
export type Matrix = [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** `outer ∘ inner`: the transform that applies `inner` first, then `outer` (like canvas `transform`). */
export function compose(outer: Matrix, inner: Matrix): Matrix {
  const [a, b, c, d, e, f] = outer;
  const [A, B, C, D, E, F] = inner;
  return [a * A + c * B, b * A + d * B, a * C + c * D, b * C + d * D, a * E + c * F + e, b * E + d * F + f];
}

export function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/** Reads a matrix argument from pdfjs (an array, a typed array or an index-keyed object). */
export function toMatrix(v: unknown): Matrix | null {
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<number, unknown>;
  const m: number[] = [];
  for (let i = 0; i < 6; i++) {
    const n = o[i];
    if (typeof n !== 'number' || !Number.isFinite(n)) return null;
    m.push(n);
  }
  return m as Matrix;
}

/** Axis-aligned bounds of a rectangle in local space after transform `m`. */
export function transformRect(m: Matrix, x0: number, y0: number, x1: number, y1: number): Box {
  const pts = [apply(m, x0, y0), apply(m, x1, y0), apply(m, x1, y1), apply(m, x0, y1)];
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/**
 * The page frame: PDF user space (origin bottom-left of the view box, y up) to audit space
 * (points, origin top-left of the view box, y down, before /Rotate).
 */
export function pageFrame(view: readonly number[]): Matrix {
  const [x0 = 0, , , y1 = 0] = view;
  return [1, 0, 0, -1, -x0, y1];
}

export function area(b: Box): number {
  return Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);
}

export function overlapArea(a: Box, b: Box): number {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Share of `inner`'s area covered by `outer` (0 when `inner` has no area). */
export function coveredShare(inner: Box, outer: Box): number {
  const a = area(inner);
  return a > 0 ? overlapArea(inner, outer) / a : 0;
}

export function roundBox(b: Box, digits = 2): Box {
  const k = 10 ** digits;
  return b.map((v) => Math.round(v * k) / k) as Box;
}

export function unionBox(boxes: readonly Box[]): Box | null {
  if (boxes.length === 0) return null;
  let [x0, y0, x1, y1] = boxes[0] as Box;
  for (const b of boxes) {
    x0 = Math.min(x0, b[0]);
    y0 = Math.min(y0, b[1]);
    x1 = Math.max(x1, b[2]);
    y1 = Math.max(y1, b[3]);
  }
  return [x0, y0, x1, y1];
}
