/**
 * Box conventions. Inside the app a box is `[x0, y0, x1, y1]` in page pixel coordinates
 * (origin top-left, x right, y down, x1 > x0, y1 > y0). COCO `[x, y, w, h]` appears only at
 * import/export and in evaluation.
 */
export type Box = [number, number, number, number];
export type CocoBox = [number, number, number, number];

export const CLASSES = ['redaction', 'content', 'exemption_label'] as const;
export type BoxClass = (typeof CLASSES)[number];

export const BOX_STYLES = ['black', 'grey', 'white-bordered', 'cross-hatched', 'marker'] as const;
export type BoxStyle = (typeof BOX_STYLES)[number];

export function toCoco(b: Box): CocoBox {
  return [b[0], b[1], b[2] - b[0], b[3] - b[1]];
}

export function fromCoco(c: CocoBox): Box {
  return [c[0], c[1], c[0] + c[2], c[1] + c[3]];
}

export function boxArea(b: Box): number {
  return Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);
}

export function intersection(a: Box, b: Box): number {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  return w > 0 && h > 0 ? w * h : 0;
}

export function iou(a: Box, b: Box): number {
  const inter = intersection(a, b);
  if (inter === 0) return 0;
  return inter / (boxArea(a) + boxArea(b) - inter);
}

/** Orders the corners so that x0 <= x1 and y0 <= y1 (for boxes drawn right-to-left). */
export function normalizeBox(b: Box): Box {
  return [Math.min(b[0], b[2]), Math.min(b[1], b[3]), Math.max(b[0], b[2]), Math.max(b[1], b[3])];
}

export function clipBox(b: Box, width: number, height: number): Box {
  return [
    Math.min(Math.max(b[0], 0), width),
    Math.min(Math.max(b[1], 0), height),
    Math.min(Math.max(b[2], 0), width),
    Math.min(Math.max(b[3], 0), height),
  ];
}

export function scaleBox(b: Box, sx: number, sy: number = sx): Box {
  return [b[0] * sx, b[1] * sy, b[2] * sx, b[3] * sy];
}

export function isFiniteBox(b: readonly number[]): b is Box {
  return b.length === 4 && b.every((v) => Number.isFinite(v));
}
