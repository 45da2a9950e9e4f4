import { describe, expect, it } from 'vitest';
import { pixelsToPoints } from '../../src-main/audit/library';

// A Letter page (612 × 792 pt) rendered at 144 dpi: 2 px per point.
const page = (rotation: number): { width: number; height: number; dpi: number; rotation: number } =>
  rotation % 180 === 0
    ? { width: 1224, height: 1584, dpi: 144, rotation }
    : { width: 1584, height: 1224, dpi: 144, rotation };

describe('page-image boxes to audit points', () => {
  it('divides by the render scale on an upright page', () => {
    expect(pixelsToPoints([200, 100, 400, 140], page(0))).toEqual([100, 50, 200, 70]);
  });

  it('undoes a /Rotate of 90, 180 and 270 degrees', () => {
    // The same box, 100..200 pt across and 50..70 pt down on the unrotated page, seen in each rotation.
    expect(pixelsToPoints([1584 - 140, 200, 1584 - 100, 400], page(90))).toEqual([100, 50, 200, 70]);
    expect(pixelsToPoints([1224 - 400, 1584 - 140, 1224 - 200, 1584 - 100], page(180))).toEqual([100, 50, 200, 70]);
    expect(pixelsToPoints([100, 1224 - 400, 140, 1224 - 200], page(270))).toEqual([100, 50, 200, 70]);
  });
});
