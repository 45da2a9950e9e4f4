import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cropRect, parseRect } from '../../src-main/eval/crops';
import type { Box } from '../../src-main/shared/boxes';

describe('patch regions', () => {
  it('contain the box, stay on the page and are at most twice as wide as tall (when the page allows)', () => {
    const arb = fc
      .tuple(
        fc.integer({ min: 0, max: 1200 }),
        fc.integer({ min: 0, max: 1600 }),
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 1, max: 400 }),
      )
      .map(([x, y, w, h]): Box => [x, y, Math.min(1275, x + w), Math.min(1650, y + h)])
      .filter((b) => b[2] > b[0] && b[3] > b[1]);
    fc.assert(
      fc.property(arb, (b) => {
        const r = cropRect(b, 1275, 1650);
        expect(r[0]).toBeLessThanOrEqual(b[0]);
        expect(r[1]).toBeLessThanOrEqual(b[1]);
        expect(r[2]).toBeGreaterThanOrEqual(b[2]);
        expect(r[3]).toBeGreaterThanOrEqual(b[3]);
        expect(r[0]).toBeGreaterThanOrEqual(0);
        expect(r[3]).toBeLessThanOrEqual(1650);
        const w = r[2] - r[0];
        const h = r[3] - r[1];
        expect(w / h).toBeLessThanOrEqual(2.05);
        expect(h / w).toBeLessThanOrEqual(2.05);
        expect(parseRect(r.join('_'))).toEqual(r);
      }),
      { numRuns: 300 },
    );
  });

  it('rejects malformed rectangles in media paths', () => {
    expect(parseRect('10_10_5_20')).toBeNull();
    expect(parseRect('1_2_3')).toBeNull();
    expect(parseRect('-1_0_5_5')).toBeNull();
    expect(parseRect('0_0_5_5')).toEqual([0, 0, 5, 5]);
  });
});
