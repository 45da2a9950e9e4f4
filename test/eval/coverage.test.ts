import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { unionAreas } from '../../src-main/eval/coverage';
import type { Box } from '../../src-main/shared/boxes';

/** Brute force on a unit grid, for integer boxes. */
function gridAreas(a: Box[], b: Box[]): { a: number; b: number; both: number } {
  const inside = (bs: Box[], x: number, y: number): boolean =>
    bs.some((r) => x >= r[0] && x < r[2] && y >= r[1] && y < r[3]);
  const out = { a: 0, b: 0, both: 0 };
  for (let x = 0; x < 40; x++) {
    for (let y = 0; y < 40; y++) {
      const ia = inside(a, x, y);
      const ib = inside(b, x, y);
      out.a += ia ? 1 : 0;
      out.b += ib ? 1 : 0;
      out.both += ia && ib ? 1 : 0;
    }
  }
  return out;
}

describe('unionAreas (redaction area coverage)', () => {
  it('gives one block box and the line boxes under it the same coverage', () => {
    const lines: Box[] = [
      [100, 100, 500, 120],
      [100, 120, 500, 140],
      [100, 140, 300, 160],
    ];
    const block: Box[] = [[100, 100, 500, 160]];
    const u = unionAreas(lines, block);
    expect(u.a).toBe(400 * 40 + 200 * 20);
    expect(u.b).toBe(400 * 60);
    expect(u.both).toBe(u.a);
  });

  it('counts overlapping boxes once', () => {
    const u = unionAreas(
      [
        [0, 0, 10, 10],
        [5, 5, 15, 15],
      ],
      [],
    );
    expect(u.a).toBe(175);
    expect(u.b).toBe(0);
    expect(u.both).toBe(0);
  });

  it('agrees with counting pixels on random integer boxes', () => {
    const box = fc
      .tuple(
        fc.integer({ min: 0, max: 35 }),
        fc.integer({ min: 0, max: 35 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
      )
      .map(([x, y, w, h]): Box => [x, y, x + w, y + h]);
    fc.assert(
      fc.property(fc.array(box, { maxLength: 8 }), fc.array(box, { maxLength: 8 }), (a, b) => {
        expect(unionAreas(a, b)).toEqual(gridAreas(a, b));
      }),
      { numRuns: 200 },
    );
  });
});
