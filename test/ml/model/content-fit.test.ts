import { describe, expect, it } from 'vitest';
import { inkFits, pageDetections } from '../../../src-main/ml/engine/validate';
import { inkExtent } from '../../../src-main/ml/model/content-fit';
import { locations } from '../../../src-main/ml/model/locations';
import type { InkImage } from '../../../src-main/ml/model/snap';

const PAPER = 232;

/** A grey page with dark blocks (x0, y0, x1, y1, level). */
function page(w: number, h: number, blocks: [number, number, number, number, number][]): InkImage {
  const data = new Uint8Array(w * h).fill(PAPER);
  for (const [x0, y0, x1, y1, v] of blocks) for (let y = y0; y < y1; y++) data.fill(v, y * w + x0, y * w + x1);
  return { data, width: w, height: h, channels: 1 };
}

/** Text-like lines inside [x0, y0, x1, y1]: 6 px tall strokes every 14 px, the last at the bottom. */
function lines(x0: number, y0: number, x1: number, y1: number): [number, number, number, number, number][] {
  const out: [number, number, number, number, number][] = [];
  for (let y = y0; y + 6 <= y1; y += 14) out.push([x0, y, x1 - ((y * 7) % 30), y + 6, 30]);
  out.push([x0, y1 - 6, x0 + 40, y1, 20]);
  out.push([x1 - 10, y0 + 20, x1, y0 + 26, 20]);
  return out;
}

describe('content box from the ink', () => {
  it('spans the print, not scan borders, binding shadows or specks', () => {
    const img = page(200, 300, [
      ...lines(40, 50, 160, 250),
      [0, 0, 5, 300, 10], // a scan border down the left edge
      [0, 292, 200, 300, 60], // a shadow along the bottom
      [190, 10, 191, 11, 0], // specks
      [8, 280, 9, 281, 0],
    ]);
    expect(inkExtent(img, [0, 0, 200, 300])).toEqual([40, 50, 160, 250]);
  });

  it('reads only the page inside a letterboxed input, in RGB', () => {
    const grey = page(120, 120, [[10, 20, 60, 40, 0], ...lines(30, 40, 90, 100)]);
    const rgb = new Uint8Array(120 * 120 * 3);
    grey.data.forEach((v, i) => rgb.fill(v, 3 * i, 3 * i + 3));
    const img: InkImage = { data: rgb, width: 120, height: 120, channels: 3 };
    expect(inkExtent(img, [0, 0, 120, 120])).toEqual([10, 20, 90, 100]);
    expect(inkExtent(img, [25, 35, 120, 120])).toEqual([25, 35, 90, 100]);
  });

  it('gives nothing on a blank page or one with only a few specks', () => {
    expect(inkExtent(page(100, 100, []), [0, 0, 100, 100])).toBeNull();
    expect(
      inkExtent(
        page(100, 100, [
          [3, 3, 5, 5, 0],
          [90, 90, 93, 92, 0],
        ]),
        [0, 0, 100, 100],
      ),
    ).toBeNull();
    expect(inkExtent(page(100, 100, lines(10, 10, 90, 90)), [0, 0, 5, 100])).toBeNull();
  });

  it('moves the best content detection onto the print and drops its duplicates; redactions stay', () => {
    const size = 128;
    const loc = locations(size);
    const classes = ['redaction', 'content', 'exemption_label'];
    const width = classes.length + 5;
    const raw = new Float32Array(loc.count * width).fill(-20);
    /** Sets a detection of class c at location i: logit and quality, centre offset 0, size in strides. */
    const put = (i: number, c: number, logit: number, w: number, h: number): void => {
      raw[i * width + c] = logit;
      raw[i * width + classes.length] = 5;
      raw.set([0, 0, Math.log(w / loc.stride[i]!), Math.log(h / loc.stride[i]!)], i * width + classes.length + 1);
    };
    const at = (stride: number, x: number, y: number): number => {
      for (let i = 0; i < loc.count; i++) if (loc.stride[i] === stride && loc.x[i] === x && loc.y[i] === y) return i;
      throw new Error('no such location');
    };
    put(at(32, 48, 48), 1, 4, 120, 60); // content, too wide and too short
    put(at(32, 80, 48), 1, 2, 90, 100); // a second guess at the same content
    put(at(8, 60, 28), 0, 3, 40, 8); // a redaction
    // the page is 100×128 input pixels (scale 1) in the middle of the input, print at [20, 10, 90, 110]
    const img = page(size, size, [...lines(34, 10, 104, 110), [54, 24, 94, 32, 0]]);
    const rgb = new Uint8Array(size * size * 3);
    img.data.forEach((v, i) => rgb.fill(v, 3 * i, 3 * i + 3));
    const placement = { scale: 1, dx: 14, dy: 0, flip: false };
    const pg = { width: 100, height: 128 };
    const plain = pageDetections(raw, 3, loc, placement, pg, 0.05);
    expect(plain.filter((d) => d.cls === 1)).toHaveLength(2);
    const fitted = pageDetections(raw, 3, loc, placement, pg, 0.05, undefined, inkFits(classes, rgb, size));
    const content = fitted.filter((d) => d.cls === 1);
    expect(content).toHaveLength(1);
    expect(content[0]!.box).toEqual([20, 10, 90, 110]);
    expect(content[0]!.score).toBeCloseTo(Math.max(...plain.filter((d) => d.cls === 1).map((d) => d.score)), 6);
    // redactions are fitted to their bar as before, whether content is fitted or not
    const redactionsOnly = pageDetections(raw, 3, loc, placement, pg, 0.05, undefined, {
      ...inkFits(classes, rgb, size),
      content: -1,
    });
    const bar = (ds: typeof plain) => ds.filter((d) => d.cls === 0).map((d) => d.box);
    expect(bar(fitted)).toEqual(bar(redactionsOnly));
    expect(bar(fitted)).toHaveLength(1);
    expect(bar(fitted)).not.toEqual(bar(plain));
    expect(redactionsOnly.filter((d) => d.cls === 1)).toHaveLength(2);
  });
});
