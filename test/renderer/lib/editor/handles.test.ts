import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { growBox, hitBox, hitHandle, resizeBox, HANDLES } from '../../../../src-renderer/src/lib/editor/handles';
import type { Box } from '../../../../src-main/shared/boxes';

const page = { width: 850, height: 1100 };
const box: Box = [100, 200, 300, 260];

describe('resize handles', () => {
  it('finds the corner or edge handle under the pointer, and none away from them', () => {
    expect(hitHandle(box, { x: 101, y: 199 }, 5)).toBe('nw');
    expect(hitHandle(box, { x: 200, y: 262 }, 5)).toBe('s');
    expect(hitHandle(box, { x: 300, y: 230 }, 5)).toBe('e');
    expect(hitHandle(box, { x: 200, y: 230 }, 5)).toBeNull();
  });

  it('moves only the edges a handle owns', () => {
    expect(resizeBox(box, 'e', { x: 350, y: 999 }, page)).toEqual([100, 200, 350, 260]);
    expect(resizeBox(box, 'n', { x: 0, y: 150 }, page)).toEqual([100, 150, 300, 260]);
    expect(resizeBox(box, 'sw', { x: 50, y: 300 }, page)).toEqual([50, 200, 300, 300]);
  });

  it('flips a box dragged past its opposite edge instead of inverting it', () => {
    expect(resizeBox(box, 'w', { x: 400, y: 0 }, page)).toEqual([300, 200, 400, 260]);
  });

  it('keeps every resized box inside the page, ordered and at least the minimum size', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...HANDLES),
        fc.double({ min: -500, max: 1500, noNaN: true }),
        fc.double({ min: -500, max: 1500, noNaN: true }),
        (h, x, y) => {
          const r = resizeBox(box, h, { x, y }, page);
          expect(r[0]).toBeGreaterThanOrEqual(0);
          expect(r[1]).toBeGreaterThanOrEqual(0);
          expect(r[2]).toBeLessThanOrEqual(page.width);
          expect(r[3]).toBeLessThanOrEqual(page.height);
          expect(r[2] - r[0]).toBeGreaterThanOrEqual(1 - 1e-9);
          expect(r[3] - r[1]).toBeGreaterThanOrEqual(1 - 1e-9);
        },
      ),
    );
  });

  it('grows and shrinks from the right and bottom edges for keyboard resizing', () => {
    expect(growBox(box, 10, -1, page)).toEqual([100, 200, 310, 259]);
    expect(growBox(box, -1000, 0, page)).toEqual([100, 200, 101, 260]);
    expect(growBox(box, 10000, 0, page)).toEqual([100, 200, 850, 260]);
  });
});

describe('picking a box', () => {
  it('picks the smallest box containing the click so boxes inside the content box stay reachable', () => {
    const boxes = [{ box: [0, 0, 850, 1100] as Box }, { box: [100, 100, 200, 120] as Box }];
    expect(hitBox(boxes, { x: 150, y: 110 })).toBe(1);
    expect(hitBox(boxes, { x: 500, y: 500 })).toBe(0);
    expect(hitBox(boxes.slice(1), { x: 500, y: 500 })).toBe(-1);
  });
});
