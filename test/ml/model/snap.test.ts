import { describe, expect, it } from 'vitest';
import { snapToFill, type InkImage } from '../../../src-main/ml/model/snap';

/** A white grey image with rectangles filled at given levels ([x0, y0, x1, y1, level]). */
function image(rects: [number, number, number, number, number][], width = 200, height = 60): InkImage {
  const data = new Uint8Array(width * height).fill(245);
  for (const [x0, y0, x1, y1, v] of rects)
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data[y * width + x] = v;
  return { data, width, height, channels: 1 };
}

describe('snapToFill', () => {
  it('pulls an edge that reaches over a line number and a margin rule back to the bar', () => {
    // line number "13" (two strokes), a 2 px rule at x 40-41, the bar from x 50 to 180, rows 20-32
    const img = image([
      [10, 22, 12, 31, 20],
      [15, 22, 17, 31, 20],
      [40, 0, 42, 60, 20],
      [50, 20, 180, 32, 15],
    ]);
    expect(snapToFill([8, 19, 181, 33], img)).toEqual([50, 20, 180, 32]);
  });

  it('grows a box that stops short of the fill, by a few pixels at most', () => {
    const img = image([[50, 20, 180, 32, 15]]);
    expect(snapToFill([52, 21, 178, 31], img)).toEqual([50, 20, 180, 32]);
    // far inside: each edge moves out by at most 3 pixels
    expect(snapToFill([60, 22, 170, 30], img)).toEqual([57, 20, 173, 32]);
  });

  it('counts a grey fill and its blurred rim as filled', () => {
    const img = image([
      [49, 19, 181, 33, 200], // the rim, a quarter of the way from paper
      [50, 20, 180, 32, 120],
    ]);
    expect(snapToFill([45, 17, 185, 35], img)).toEqual([49, 19, 181, 33]);
  });

  it('leaves boxes that are not mostly filled as they are: a white box with a border, text', () => {
    const bordered = image([
      [50, 20, 180, 21, 0],
      [50, 31, 180, 32, 0],
      [50, 20, 51, 32, 0],
      [179, 20, 180, 32, 0],
    ]);
    expect(snapToFill([46, 18, 184, 34], bordered)).toEqual([46, 18, 184, 34]);
    const words = image([
      [50, 22, 52, 31, 20],
      [56, 22, 58, 31, 20],
      [64, 25, 70, 27, 20],
    ]);
    expect(snapToFill([48, 20, 72, 33], words)).toEqual([48, 20, 72, 33]);
  });

  it('reads the first channel of RGB input and keeps boxes inside the image', () => {
    const grey = image([[0, 20, 120, 32, 10]]);
    const rgb = new Uint8Array(grey.data.length * 3);
    grey.data.forEach((v, i) => rgb.fill(v, i * 3, i * 3 + 3));
    const snapped = snapToFill([-5, 19, 118, 33], { ...grey, data: rgb, channels: 3 });
    expect(snapped).toEqual([0, 20, 120, 32]);
  });
});
