import { describe, expect, it } from 'vitest';
import {
  beginDrag,
  endDrag,
  previewBox,
  updateDrag,
  type PressInput,
} from '../../../../src-renderer/src/lib/editor/drag';
import type { Box } from '../../../../src-main/shared/boxes';

const page = { width: 850, height: 1100 };
const boxes = [
  { key: 1, box: [100, 100, 200, 140] as Box },
  { key: 2, box: [400, 400, 500, 450] as Box },
];

function press(p: Partial<PressInput> & { page: PressInput['page'] }): ReturnType<typeof beginDrag> {
  return beginDrag({
    screen: { x: 0, y: 0 },
    button: 0,
    space: false,
    editable: true,
    boxes,
    selectedKey: null,
    tolerance: 6,
    scrollLeft: 0,
    scrollTop: 0,
    ...p,
  });
}

describe('pointer drags on the page', () => {
  it('draws a new box from a press on empty page and clears the selection', () => {
    const s = press({ page: { x: 600, y: 600 } });
    expect(s.select).toBeNull();
    const d = updateDrag(s.drag!, { x: 650, y: 630 }, page, 3);
    expect(endDrag(d, page, 3)).toEqual({ type: 'create', box: [600, 600, 650, 630] });
  });

  it('drops a click that did not draw anything', () => {
    const s = press({ page: { x: 600, y: 600 } });
    expect(endDrag(updateDrag(s.drag!, { x: 601, y: 601 }, page, 3), page, 3)).toBeNull();
  });

  it('selects a box on press and moves it only after the pointer travelled a little', () => {
    const s = press({ page: { x: 150, y: 120 } });
    expect(s.select).toBe(1);
    const still = updateDrag(s.drag!, { x: 151, y: 120 }, page, 3);
    expect(endDrag(still, page, 3)).toBeNull();
    const moved = updateDrag(s.drag!, { x: 170, y: 130 }, page, 3);
    expect(previewBox(moved, 1, boxes[0]!.box)).toEqual([120, 110, 220, 150]);
    expect(endDrag(moved, page, 3)).toEqual({ type: 'change', key: 1, box: [120, 110, 220, 150] });
  });

  it('resizes the selected box from a handle', () => {
    const s = press({ page: { x: 500, y: 451 }, selectedKey: 2 });
    expect(s.drag?.kind).toBe('resize');
    const d = updateDrag(s.drag!, { x: 520, y: 480 }, page, 3);
    expect(endDrag(d, page, 3)).toEqual({ type: 'change', key: 2, box: [400, 400, 520, 480] });
  });

  it('pans with space held or the middle button, never editing', () => {
    expect(press({ page: { x: 150, y: 120 }, space: true }).drag?.kind).toBe('pan');
    expect(press({ page: { x: 150, y: 120 }, button: 1 }).drag?.kind).toBe('pan');
  });

  it('only selects when the canvas is read-only', () => {
    expect(press({ page: { x: 150, y: 120 }, editable: false })).toEqual({ drag: null, select: 1 });
    expect(press({ page: { x: 600, y: 600 }, editable: false }).drag).toBeNull();
  });
});
