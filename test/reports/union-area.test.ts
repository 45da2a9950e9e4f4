import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Box } from '../../src-main/shared/boxes';
import { unionArea, unionAreaWithin } from '../../src-main/reports/union-area';

describe('union area of boxes', () => {
  it('counts overlaps once', () => {
    expect(
      unionArea([
        [0, 0, 10, 10],
        [5, 5, 15, 15],
      ]),
    ).toBe(175);
    expect(
      unionArea([
        [0, 0, 10, 10],
        [0, 0, 10, 10],
      ]),
    ).toBe(100);
    expect(unionArea([])).toBe(0);
  });

  it('measures only what lies inside the regions, counting overlapping regions once', () => {
    expect(unionAreaWithin([[0, 0, 10, 10]], [[5, 0, 20, 20]])).toBe(50);
    expect(
      unionAreaWithin(
        [[0, 0, 10, 10]],
        [
          [0, 0, 6, 10],
          [4, 0, 10, 10],
        ],
      ),
    ).toBe(100);
  });

  it('matches a pixel count on random integer boxes', () => {
    const box = fc
      .tuple(
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
      )
      .map(([x, y, w, h]) => [x, y, x + w, y + h] as Box);
    fc.assert(
      fc.property(fc.array(box, { maxLength: 8 }), (boxes) => {
        let n = 0;
        for (let y = 0; y < 45; y++)
          for (let x = 0; x < 45; x++) if (boxes.some((b) => x >= b[0] && x < b[2] && y >= b[1] && y < b[3])) n++;
        expect(unionArea(boxes)).toBe(n);
      }),
      { numRuns: 150 },
    );
  });
});
