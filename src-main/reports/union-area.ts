import type { Box } from '../shared/boxes';

/** `b` clipped to `clip`, or null when they do not overlap. */
export function clip(b: Box, c: Box): Box | null {
  const r: Box = [Math.max(b[0], c[0]), Math.max(b[1], c[1]), Math.min(b[2], c[2]), Math.min(b[3], c[3])];
  return r[2] > r[0] && r[3] > r[1] ? r : null;
}

/**
 * Area covered by the union of boxes (overlaps counted once): a sweep over x with the covered
 * length in y summed per strip. O(n² log n), fine for the boxes of one page.
 */
export function unionArea(boxes: readonly Box[]): number {
  const bs = boxes.filter((b) => b[2] > b[0] && b[3] > b[1]);
  if (bs.length === 0) return 0;
  const xs = [...new Set(bs.flatMap((b) => [b[0], b[2]]))].sort((a, b) => a - b);
  let total = 0;
  for (let i = 0; i + 1 < xs.length; i++) {
    const x0 = xs[i] as number;
    const x1 = xs[i + 1] as number;
    const spans = bs
      .filter((b) => b[0] <= x0 && b[2] >= x1)
      .map((b) => [b[1], b[3]] as const)
      .sort((a, b) => a[0] - b[0]);
    let covered = 0;
    let start = -Infinity;
    let end = -Infinity;
    for (const [s, e] of spans) {
      if (s > end) {
        if (end > start) covered += end - start;
        start = s;
        end = e;
      } else end = Math.max(end, e);
    }
    if (end > start) covered += end - start;
    total += covered * (x1 - x0);
  }
  return total;
}

/** Area of the union of `boxes` inside the union of `regions`. */
export function unionAreaWithin(boxes: readonly Box[], regions: readonly Box[]): number {
  const pieces: Box[] = [];
  for (const b of boxes)
    for (const r of regions) {
      const c = clip(b, r);
      if (c) pieces.push(c);
    }
  // Pieces of one box in two overlapping regions overlap each other: the union counts them once.
  return unionArea(pieces);
}
