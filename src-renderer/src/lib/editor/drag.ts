/**
 * Pointer drags on the page (pure state machine): pan, draw a new box, move a box, resize by a
 * handle. `beginDrag` decides what a press means, `updateDrag` follows the pointer, `endDrag`
 * says what to commit.
 */
import type { Box } from '$shared/boxes';
import { boxFromDrag, moveBox, type Point, type Size } from './geometry';
import { hitBox, hitHandle, resizeBox, type Handle } from './handles';

export type Drag =
  | { kind: 'pan'; start: Point; scrollLeft: number; scrollTop: number }
  | { kind: 'draw'; a: Point; b: Point }
  | { kind: 'move'; key: number; orig: Box; start: Point; cur: Box; moved: boolean }
  | { kind: 'resize'; key: number; orig: Box; handle: Handle; cur: Box };

export interface PressInput {
  /** Pointer in page px and in screen px. */
  page: Point;
  screen: Point;
  button: number;
  /** Space held (pan mode). */
  space: boolean;
  editable: boolean;
  boxes: readonly { key: number; box: Box }[];
  selectedKey: number | null;
  /** Handle grab distance in page px (a few screen px divided by zoom). */
  tolerance: number;
  scrollLeft: number;
  scrollTop: number;
}

/** What a press starts, and which box it selects (undefined: selection unchanged). */
export function beginDrag(p: PressInput): { drag: Drag | null; select?: number | null } {
  if (p.button === 1 || (p.button === 0 && p.space)) {
    return { drag: { kind: 'pan', start: p.screen, scrollLeft: p.scrollLeft, scrollTop: p.scrollTop } };
  }
  if (p.button !== 0) return { drag: null };
  const sel = p.boxes.find((b) => b.key === p.selectedKey);
  if (p.editable && sel) {
    const handle = hitHandle(sel.box, p.page, p.tolerance);
    if (handle) return { drag: { kind: 'resize', key: sel.key, orig: sel.box, handle, cur: sel.box } };
  }
  const i = hitBox(p.boxes, p.page, p.tolerance / 2);
  const hit = p.boxes[i];
  if (hit) {
    const drag: Drag | null = p.editable
      ? { kind: 'move', key: hit.key, orig: hit.box, start: p.page, cur: hit.box, moved: false }
      : null;
    return { drag, select: hit.key };
  }
  return { drag: p.editable ? { kind: 'draw', a: p.page, b: p.page } : null, select: null };
}

/** Follows the pointer. `minMove` is the distance in page px before a press becomes a move. */
export function updateDrag(d: Drag, page: Point, pageSize: Size, minMove: number): Drag {
  switch (d.kind) {
    case 'pan':
      return d;
    case 'draw':
      return { ...d, b: page };
    case 'move': {
      const dx = page.x - d.start.x;
      const dy = page.y - d.start.y;
      const moved = d.moved || Math.hypot(dx, dy) >= minMove;
      return { ...d, moved, cur: moved ? moveBox(d.orig, dx, dy, pageSize) : d.orig };
    }
    case 'resize':
      return { ...d, cur: resizeBox(d.orig, d.handle, page, pageSize) };
  }
}

export type DragResult = { type: 'create'; box: Box } | { type: 'change'; key: number; box: Box } | null;

/** What to commit when the pointer is released; `minSize` (page px) drops accidental clicks. */
export function endDrag(d: Drag, pageSize: Size, minSize: number): DragResult {
  switch (d.kind) {
    case 'pan':
      return null;
    case 'draw': {
      const box = boxFromDrag(d.a, d.b, pageSize, minSize);
      return box ? { type: 'create', box } : null;
    }
    case 'move':
      return d.moved && !sameBox(d.cur, d.orig) ? { type: 'change', key: d.key, box: d.cur } : null;
    case 'resize':
      return sameBox(d.cur, d.orig) ? null : { type: 'change', key: d.key, box: d.cur };
  }
}

function sameBox(a: Box, b: Box): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];
}

/** The box being shown for a key while a drag is in progress (or the stored one). */
export function previewBox(d: Drag | null, key: number, box: Box): Box {
  if (d && (d.kind === 'move' || d.kind === 'resize') && d.key === key) return d.cur;
  return box;
}
