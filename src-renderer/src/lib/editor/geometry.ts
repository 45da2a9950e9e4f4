/**
 * Pure geometry of the page editor: the screen <-> page transform at a zoom and scroll, zoom
 * steps and fits, and the box edits (draw, move, resize by handle, nudge). Page coordinates are
 * page pixels with the origin top-left; screen coordinates are CSS pixels relative to the
 * top-left corner of the scrolling viewport.
 */
import { MIN_BOX_SIZE } from '$shared/annotation-rules';
import type { Box } from '$shared/boxes';

export interface Point {
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

/** Where the page sits in the viewport: zoom, the viewport's scroll, and the stage margin. */
export interface Viewport {
  zoom: number;
  scrollLeft: number;
  scrollTop: number;
  /** Distance from the stage's left/top edge to the page's (margin or centring). */
  offsetX: number;
  offsetY: number;
}

export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 8;
/** Margin around the page inside the viewport, in CSS pixels. */
export const STAGE_MARGIN = 24;

export const ZOOM_STEPS = [
  0.05, 0.1, 0.15, 0.2, 0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4, 5, 6, 8,
] as const;

export function clampZoom(z: number): number {
  if (!Number.isFinite(z)) return 1;
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z));
}

/** The next zoom step above (dir = 1) or below (dir = -1) the current zoom. */
export function stepZoom(zoom: number, dir: 1 | -1): number {
  const eps = 1e-6;
  if (dir > 0) return ZOOM_STEPS.find((s) => s > zoom + eps) ?? MAX_ZOOM;
  return [...ZOOM_STEPS].reverse().find((s) => s < zoom - eps) ?? MIN_ZOOM;
}

export function fitWidthZoom(view: Size, page: Size, margin = STAGE_MARGIN): number {
  return clampZoom((view.width - 2 * margin) / page.width);
}

export function fitPageZoom(view: Size, page: Size, margin = STAGE_MARGIN): number {
  return clampZoom(Math.min((view.width - 2 * margin) / page.width, (view.height - 2 * margin) / page.height));
}

/** The page's offset inside the stage: the margin, or more to centre a page narrower than the view. */
export function stageOffset(viewLength: number, pageLength: number, zoom: number, margin = STAGE_MARGIN): number {
  return Math.max(margin, (viewLength - pageLength * zoom) / 2);
}

/** Scrollable size of the stage: the zoomed page plus its offsets on both sides. */
export function stageSize(view: Size, page: Size, zoom: number, margin = STAGE_MARGIN): Size {
  return {
    width: page.width * zoom + 2 * stageOffset(view.width, page.width, zoom, margin),
    height: page.height * zoom + 2 * stageOffset(view.height, page.height, zoom, margin),
  };
}

export function viewportFor(view: Size, page: Size, zoom: number, scrollLeft: number, scrollTop: number): Viewport {
  return {
    zoom,
    scrollLeft,
    scrollTop,
    offsetX: stageOffset(view.width, page.width, zoom),
    offsetY: stageOffset(view.height, page.height, zoom),
  };
}

export function screenToPage(p: Point, v: Viewport): Point {
  return { x: (p.x + v.scrollLeft - v.offsetX) / v.zoom, y: (p.y + v.scrollTop - v.offsetY) / v.zoom };
}

export function pageToScreen(p: Point, v: Viewport): Point {
  return { x: p.x * v.zoom + v.offsetX - v.scrollLeft, y: p.y * v.zoom + v.offsetY - v.scrollTop };
}

/**
 * Zooms to `zoom` keeping the page point under the screen point `anchor` in place; returns the
 * new zoom and scroll, the scroll clamped to what the stage allows.
 */
export function zoomAround(
  v: Viewport,
  zoom: number,
  anchor: Point,
  view: Size,
  page: Size,
): { zoom: number; scrollLeft: number; scrollTop: number } {
  const z = clampZoom(zoom);
  const at = screenToPage(anchor, v);
  const stage = stageSize(view, page, z);
  const left = at.x * z + stageOffset(view.width, page.width, z) - anchor.x;
  const top = at.y * z + stageOffset(view.height, page.height, z) - anchor.y;
  return {
    zoom: z,
    scrollLeft: Math.min(Math.max(0, left), Math.max(0, stage.width - view.width)),
    scrollTop: Math.min(Math.max(0, top), Math.max(0, stage.height - view.height)),
  };
}

/** Rounds page coordinates to 1/100 px so stored boxes carry no float noise. */
export function roundBox(b: Box): Box {
  return [b[0], b[1], b[2], b[3]].map((v) => Math.round(v * 100) / 100) as Box;
}

/** The box spanned by two drag points, ordered and clipped to the page; null when too small. */
export function boxFromDrag(a: Point, b: Point, page: Size, minSize = MIN_BOX_SIZE): Box | null {
  const x0 = Math.max(0, Math.min(a.x, b.x));
  const y0 = Math.max(0, Math.min(a.y, b.y));
  const x1 = Math.min(page.width, Math.max(a.x, b.x));
  const y1 = Math.min(page.height, Math.max(a.y, b.y));
  if (x1 - x0 < minSize || y1 - y0 < minSize) return null;
  return roundBox([x0, y0, x1, y1]);
}

/** Moves a box by (dx, dy) without letting it leave the page; its size never changes. */
export function moveBox(b: Box, dx: number, dy: number, page: Size): Box {
  const w = b[2] - b[0];
  const h = b[3] - b[1];
  const x0 = Math.min(Math.max(0, b[0] + dx), Math.max(0, page.width - w));
  const y0 = Math.min(Math.max(0, b[1] + dy), Math.max(0, page.height - h));
  return roundBox([x0, y0, x0 + w, y0 + h]);
}

/** Nudge step in page pixels for an arrow key (Shift: 10). */
export function nudgeStep(shift: boolean): number {
  return shift ? 10 : 1;
}
