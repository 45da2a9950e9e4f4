import { describe, expect, it } from 'vitest';
import { readPath } from '../../src-main/audit/paths';
import type { Matrix } from '../../src-main/audit/geometry';

const I: Matrix = [1, 0, 0, 1, 0, 0];
const M = 0;
const L = 1;
const C = 2;
const Z = 4;

/** A rectangle as pdfjs encodes `re`: move, three lines, close. Counter-clockwise unless `cw`. */
function rect(x: number, y: number, w: number, h: number, cw = false): number[] {
  return cw
    ? [M, x, y, L, x, y + h, L, x + w, y + h, L, x + w, y, Z]
    : [M, x, y, L, x + w, y, L, x + w, y + h, L, x, y + h, Z];
}

describe('reading filled paths', () => {
  it('returns each bar of a multi-line redaction on its own, never their combined bounds', () => {
    const shapes = readPath([...rect(10, 10, 100, 12), ...rect(10, 30, 60, 12)], I);
    expect(shapes.map((s) => s.box)).toEqual([
      [10, 10, 110, 22],
      [10, 30, 70, 42],
    ]);
    expect(shapes.every((s) => s.rect)).toBe(true);
  });

  it('applies the current transform to the points', () => {
    const [s] = readPath(rect(0, 0, 10, 5), [2, 0, 0, -1, 100, 700]);
    expect(s?.box).toEqual([100, 695, 120, 700]);
  });

  it('leaves out frames: nested rectangles filled even-odd are a border, not a box', () => {
    const frame = [...rect(0, 0, 100, 50), ...rect(5, 5, 90, 40)];
    expect(readPath(frame, I, true)).toEqual([]);
  });

  it('keeps an inner rectangle filled by non-zero winding in the same direction as the outer one', () => {
    const shapes = readPath([...rect(0, 0, 100, 50), ...rect(5, 5, 90, 40)], I, false);
    expect(shapes.map((s) => s.box)).toEqual([[5, 5, 95, 45]]);
  });

  it('treats an inner rectangle wound the other way as a hole under non-zero winding', () => {
    expect(readPath([...rect(0, 0, 100, 50), ...rect(5, 5, 90, 40, true)], I, false)).toEqual([]);
  });

  it('uses the bounds of a path without rectangles (a rounded box drawn with curves)', () => {
    const rounded = [M, 5, 0, L, 95, 0, C, 98, 0, 100, 2, 100, 5, L, 100, 45, L, 0, 45, L, 0, 5, Z];
    const [s] = readPath(rounded, I);
    expect(s).toEqual({ box: [0, 0, 100, 45], rect: false });
  });

  it('reads index-keyed objects the way operator lists arrive from a worker', () => {
    const data = Object.fromEntries(rect(1, 2, 3, 4).map((v, i) => [String(i), v]));
    expect(readPath(data, I)[0]?.box).toEqual([1, 2, 4, 6]);
  });
});
