/** Resize handles of a box and hit tests, in page coordinates (pure). */
import { MIN_BOX_SIZE } from '$shared/annotation-rules';
import { boxArea, type Box } from '$shared/boxes';
import { roundBox, type Point, type Size } from './geometry';

export const HANDLES = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'] as const;
export type Handle = (typeof HANDLES)[number];

export const HANDLE_CURSORS: Record<Handle, string> = {
  nw: 'nwse-resize',
  se: 'nwse-resize',
  ne: 'nesw-resize',
  sw: 'nesw-resize',
  n: 'ns-resize',
  s: 'ns-resize',
  e: 'ew-resize',
  w: 'ew-resize',
};

/** Where each handle sits on a box. */
export function handlePoints(b: Box): { handle: Handle; x: number; y: number }[] {
  const [x0, y0, x1, y1] = b;
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  return [
    { handle: 'nw', x: x0, y: y0 },
    { handle: 'n', x: cx, y: y0 },
    { handle: 'ne', x: x1, y: y0 },
    { handle: 'e', x: x1, y: cy },
    { handle: 'se', x: x1, y: y1 },
    { handle: 's', x: cx, y: y1 },
    { handle: 'sw', x: x0, y: y1 },
    { handle: 'w', x: x0, y: cy },
  ];
}

/** The handle within `tolerance` page px of `p` (corners win over edges), or null. */
export function hitHandle(b: Box, p: Point, tolerance: number): Handle | null {
  let best: Handle | null = null;
  let bestD = Infinity;
  for (const h of handlePoints(b)) {
    const d = Math.max(Math.abs(h.x - p.x), Math.abs(h.y - p.y));
    const bias = h.handle.length === 2 ? 0 : 0.01;
    if (d <= tolerance && d + bias < bestD) {
      best = h.handle;
      bestD = d + bias;
    }
  }
  return best;
}

/**
 * The box after dragging `handle` of `original` to page point `p`: only the edges the handle
 * owns move, clamped to the page; dragging past the opposite edge flips the box instead of
 * inverting it, and it never gets thinner than `minSize`.
 */
export function resizeBox(original: Box, handle: Handle, p: Point, page: Size, minSize = MIN_BOX_SIZE): Box {
  let [x0, y0, x1, y1] = original;
  const x = Math.min(Math.max(0, p.x), page.width);
  const y = Math.min(Math.max(0, p.y), page.height);
  if (handle.includes('w')) x0 = x;
  if (handle.includes('e')) x1 = x;
  if (handle.includes('n')) y0 = y;
  if (handle.includes('s')) y1 = y;
  let nx0 = Math.min(x0, x1);
  let nx1 = Math.max(x0, x1);
  let ny0 = Math.min(y0, y1);
  let ny1 = Math.max(y0, y1);
  if (nx1 - nx0 < minSize) {
    if (nx0 + minSize <= page.width) nx1 = nx0 + minSize;
    else nx0 = nx1 - minSize;
  }
  if (ny1 - ny0 < minSize) {
    if (ny0 + minSize <= page.height) ny1 = ny0 + minSize;
    else ny0 = ny1 - minSize;
  }
  return roundBox([nx0, ny0, nx1, ny1]);
}

/** Grows (positive) or shrinks the right and bottom edges by (dw, dh), for keyboard resizing. */
export function growBox(b: Box, dw: number, dh: number, page: Size, minSize = MIN_BOX_SIZE): Box {
  const x1 = Math.min(page.width, Math.max(b[0] + minSize, b[2] + dw));
  const y1 = Math.min(page.height, Math.max(b[1] + minSize, b[3] + dh));
  return roundBox([b[0], b[1], x1, y1]);
}

export function containsPoint(b: Box, p: Point, tolerance = 0): boolean {
  return p.x >= b[0] - tolerance && p.x <= b[2] + tolerance && p.y >= b[1] - tolerance && p.y <= b[3] + tolerance;
}

/**
 * Which box a click at `p` means: among boxes containing it, the smallest (so a redaction
 * inside the page's content box is still reachable). Returns the index or -1.
 */
export function hitBox(boxes: readonly { box: Box }[], p: Point, tolerance = 0): number {
  let best = -1;
  let bestArea = Infinity;
  boxes.forEach((b, i) => {
    if (!containsPoint(b.box, p, tolerance)) return;
    const a = boxArea(b.box);
    if (a < bestArea) {
      best = i;
      bestArea = a;
    }
  });
  return best;
}
