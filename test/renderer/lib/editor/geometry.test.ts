import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  boxFromDrag,
  fitPageZoom,
  fitWidthZoom,
  moveBox,
  pageToScreen,
  screenToPage,
  stageOffset,
  stageSize,
  stepZoom,
  viewportFor,
  zoomAround,
  STAGE_MARGIN,
} from '../../../../src-renderer/src/lib/editor/geometry';

const page = { width: 850, height: 1100 };
const view = { width: 900, height: 700 };

describe('screen <-> page transform', () => {
  it('maps the page origin to the stage offset minus the scroll', () => {
    const v = viewportFor(view, page, 2, 100, 50);
    expect(v.offsetX).toBe(STAGE_MARGIN);
    expect(pageToScreen({ x: 0, y: 0 }, v)).toEqual({ x: STAGE_MARGIN - 100, y: STAGE_MARGIN - 50 });
    expect(screenToPage({ x: STAGE_MARGIN - 100 + 200, y: STAGE_MARGIN - 50 + 20 }, v)).toEqual({ x: 100, y: 10 });
  });

  it('centres a page narrower than the view', () => {
    expect(stageOffset(900, 850, 0.5)).toBe((900 - 425) / 2);
    expect(stageOffset(900, 850, 2)).toBe(STAGE_MARGIN);
  });

  it('round-trips any point at any zoom and scroll', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 8, noNaN: true }),
        fc.double({ min: 0, max: 5000, noNaN: true }),
        fc.double({ min: 0, max: 5000, noNaN: true }),
        fc.double({ min: -100, max: 2000, noNaN: true }),
        fc.double({ min: -100, max: 2000, noNaN: true }),
        (zoom, sl, st, x, y) => {
          const v = viewportFor(view, page, zoom, sl, st);
          const back = screenToPage(pageToScreen({ x, y }, v), v);
          expect(back.x).toBeCloseTo(x, 6);
          expect(back.y).toBeCloseTo(y, 6);
        },
      ),
    );
  });

  it('keeps the page point under the pointer in place when zooming with Ctrl+wheel', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.5, max: 4, noNaN: true }),
        fc.double({ min: 0.5, max: 4, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 100, max: 800, noNaN: true }),
        fc.double({ min: 100, max: 600, noNaN: true }),
        (z0, z1, fx, fy, ax, ay) => {
          // a scroll the stage really allows at z0
          const st0 = stageSize(view, page, z0);
          const v0 = viewportFor(
            view,
            page,
            z0,
            fx * Math.max(0, st0.width - view.width),
            fy * Math.max(0, st0.height - view.height),
          );
          const at = screenToPage({ x: ax, y: ay }, v0);
          const r = zoomAround(v0, z1, { x: ax, y: ay }, view, page);
          const st1 = stageSize(view, page, r.zoom);
          const v1 = viewportFor(view, page, r.zoom, r.scrollLeft, r.scrollTop);
          const s = pageToScreen(at, v1);
          const atEdge = (v: number, max: number): boolean => v <= 0 || v >= max - 1e-9;
          if (!atEdge(r.scrollLeft, st1.width - view.width)) expect(s.x).toBeCloseTo(ax, 4);
          if (!atEdge(r.scrollTop, st1.height - view.height)) expect(s.y).toBeCloseTo(ay, 4);
        },
      ),
    );
  });

  it('zooms in on the pointer: the point under it stays put when there is room to scroll', () => {
    const v0 = viewportFor(view, page, 1, 0, 100);
    const at = screenToPage({ x: 400, y: 300 }, v0);
    const r = zoomAround(v0, 2, { x: 400, y: 300 }, view, page);
    expect(r.zoom).toBe(2);
    const s = pageToScreen(at, viewportFor(view, page, 2, r.scrollLeft, r.scrollTop));
    expect(s.x).toBeCloseTo(400);
    expect(s.y).toBeCloseTo(300);
  });

  it('never scrolls below zero or past the stage when zooming out', () => {
    const v = viewportFor(view, page, 4, 3000, 4000);
    const r = zoomAround(v, 0.25, { x: 10, y: 10 }, view, page);
    expect(r.scrollLeft).toBe(0);
    expect(r.scrollTop).toBe(0);
  });
});

describe('zoom steps and fits', () => {
  it('fits width and whole page inside the margins', () => {
    expect(fitWidthZoom(view, page)).toBeCloseTo((900 - 2 * STAGE_MARGIN) / 850);
    expect(fitPageZoom(view, page)).toBeCloseTo((700 - 2 * STAGE_MARGIN) / 1100);
  });

  it('steps through the zoom ladder and stops at its ends', () => {
    expect(stepZoom(1, 1)).toBe(1.1);
    expect(stepZoom(1, -1)).toBe(0.9);
    expect(stepZoom(0.93, 1)).toBe(1);
    expect(stepZoom(8, 1)).toBe(8);
    expect(stepZoom(0.05, -1)).toBe(0.05);
  });
});

describe('drawing and moving boxes', () => {
  it('orders the corners of a box drawn right-to-left, bottom-to-top', () => {
    expect(boxFromDrag({ x: 300, y: 200 }, { x: 100, y: 150 }, page)).toEqual([100, 150, 300, 200]);
  });

  it('clips a drawn box to the page and drops one thinner than the minimum', () => {
    expect(boxFromDrag({ x: -40, y: 1000 }, { x: 60, y: 1300 }, page)).toEqual([0, 1000, 60, 1100]);
    expect(boxFromDrag({ x: 10, y: 10 }, { x: 10.5, y: 300 }, page)).toBeNull();
    expect(boxFromDrag({ x: 10, y: 10 }, { x: 40, y: 30 }, page, 50)).toBeNull();
  });

  it('moves a box keeping its size and stops it at the page edges', () => {
    expect(moveBox([10, 10, 60, 30], 5, -3, page)).toEqual([15, 7, 65, 27]);
    expect(moveBox([10, 10, 60, 30], -100, -100, page)).toEqual([0, 0, 50, 20]);
    expect(moveBox([800, 1000, 840, 1090], 100, 100, page)).toEqual([810, 1010, 850, 1100]);
  });
});
