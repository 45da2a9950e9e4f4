import type { Box } from '../shared/boxes';

export interface UnionAreas {
  /** Area of the union of `a`. */
  a: number;
  /** Area of the union of `b`. */
  b: number;
  /** Area of (union of a) ∩ (union of b). */
  both: number;
}

type Interval = [number, number];

/** Merges intervals (sorted in place) and returns the merged list. */
function mergeIntervals(iv: Interval[]): Interval[] {
  iv.sort((p, q) => p[0] - q[0]);
  const out: Interval[] = [];
  for (const [s, e] of iv) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

function length(iv: readonly Interval[]): number {
  let n = 0;
  for (const [s, e] of iv) n += e - s;
  return n;
}

/** Length of the intersection of two merged interval lists. */
function overlap(a: readonly Interval[], b: readonly Interval[]): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const s = Math.max(a[i]![0], b[j]![0]);
    const e = Math.min(a[i]![1], b[j]![1]);
    if (e > s) n += e - s;
    if (a[i]![1] < b[j]![1]) i++;
    else j++;
  }
  return n;
}

function strip(boxes: readonly Box[], x0: number, x1: number): Interval[] {
  const iv: Interval[] = [];
  for (const b of boxes) if (b[0] <= x0 && b[2] >= x1 && b[3] > b[1]) iv.push([b[1], b[3]]);
  return mergeIntervals(iv);
}

/**
 * Exact areas of two unions of rectangles and of their intersection, by sweeping vertical strips
 * between the boxes' x edges. Many small line boxes and one block box over the same text give the
 * same union, so coverage does not depend on how the redactions were boxed. O(n² log n).
 */
export function unionAreas(a: readonly Box[], b: readonly Box[]): UnionAreas {
  const xs = [...new Set([...a, ...b].flatMap((r) => [r[0], r[2]]))].sort((p, q) => p - q);
  const out: UnionAreas = { a: 0, b: 0, both: 0 };
  for (let i = 0; i + 1 < xs.length; i++) {
    const x0 = xs[i]!;
    const x1 = xs[i + 1]!;
    const w = x1 - x0;
    if (w <= 0) continue;
    const ia = strip(a, x0, x1);
    const ib = strip(b, x0, x1);
    out.a += w * length(ia);
    out.b += w * length(ib);
    out.both += w * overlap(ia, ib);
  }
  return out;
}
