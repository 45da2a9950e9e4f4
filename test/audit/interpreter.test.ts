import { beforeAll, describe, expect, it } from 'vitest';
import { darkCovers, textUnderCovers } from '../../src-main/audit/covers';
import { buildScene } from '../../src-main/audit/interpreter';
import { loadPdfjs, type Ops } from '../../src-main/audit/pdfjs';
import type { FontInfo, PageScene } from '../../src-main/audit/scene';

let OPS: Ops;
beforeAll(async () => {
  OPS = (await loadPdfjs()).OPS;
});

const FONT: FontInfo = {
  fontMatrix: [0.001, 0, 0, 0.001, 0, 0],
  ascent: 0.8,
  descent: -0.2,
  vertical: false,
  isType3: false,
};
const glyph = (c: string): unknown => ({ unicode: c, width: 600, isSpace: c === ' ' });

type Op = [number, unknown[]];

function scene(ops: Op[]): PageScene {
  return buildScene(OPS, {
    ops: { fnArray: ops.map((o) => o[0]), argsArray: ops.map((o) => o[1]) },
    view: [0, 0, 200, 200],
    rotate: 0,
    font: () => FONT,
  });
}

/** A filled rectangle (PDF user space, y up) in pdfjs' constructPath form. */
const box = (x: number, y: number, w: number, h: number): Op => [
  91 /* constructPath */,
  [22 /* fill */, [[0, x, y, 1, x + w, y, 1, x + w, y + h, 1, x, y + h, 4]], null],
];

const text = (s: string, x: number, y: number): Op[] => [
  [31 /* beginText */, []],
  [37 /* setFont */, ['f1', 10]],
  [42 /* setTextMatrix */, [[1, 0, 0, 1, x, y]]],
  [44 /* showText */, [[...s].map(glyph)]],
  [32 /* endText */, []],
];

function hidden(s: PageScene): string[] {
  return textUnderCovers(s.glyphs, darkCovers(s, new Map())).map((c) => c.text);
}

describe('operator-list interpreter', () => {
  it('uses the op codes of the installed pdfjs', () => {
    expect([OPS.constructPath, OPS.fill, OPS.showText, OPS.setTextMatrix, OPS.setFont]).toEqual([91, 22, 44, 42, 37]);
  });

  it('places glyphs from the text matrix, font size and advance widths, in top-left page space', () => {
    const s = scene(text('AB', 20, 100));
    expect(s.glyphs.map((g) => g.text)).toEqual(['A', 'B']);
    const [a, b] = s.glyphs;
    expect(a?.box[0]).toBeCloseTo(20);
    expect(b?.box[0]).toBeCloseTo(26);
    expect(a?.box[1]).toBeCloseTo(200 - 108);
    expect(a?.box[3]).toBeCloseTo(200 - 98);
  });

  it('finds text drawn before a black box as hidden, and text drawn on top as visible', () => {
    expect(hidden(scene([...text('SECRET', 20, 100), box(15, 95, 50, 15)]))).toEqual(['SECRET']);
    const white: Op = [59 /* setFillRGBColor */, ['#ffffff']];
    expect(hidden(scene([box(15, 95, 50, 15), white, ...text('SHOWN', 20, 100)]))).toEqual(['']);
  });

  it('finds text drawn on top of a box in the box colour as hidden', () => {
    const black: Op = [59 /* setFillRGBColor */, ['#000000']];
    const white: Op = [59, ['#ffffff']];
    expect(hidden(scene([box(15, 95, 50, 15), black, ...text('INK', 20, 100)]))).toEqual(['INK']);
    expect(hidden(scene([box(15, 95, 50, 15), white, ...text('INK', 20, 100)]))).toEqual(['']);
  });

  it('ignores characters less than half under a box', () => {
    // the box covers the top 30% of the glyphs only
    expect(hidden(scene([...text('EDGE', 20, 100), box(15, 105, 50, 10)]))).toEqual(['']);
  });

  it('ignores unfilled (stroked) rectangles and light fills', () => {
    const stroked: Op = [91, [20 /* stroke */, [[0, 15, 95, 1, 65, 95, 1, 65, 110, 1, 15, 110, 4]], null]];
    expect(hidden(scene([...text('OPEN', 20, 100), stroked]))).toEqual([]);
    expect(hidden(scene([...text('OPEN', 20, 100), [59, ['#eeeeee']], box(15, 95, 50, 15)]))).toEqual([]);
  });

  it('restores the transform after save/restore and applies form matrices', () => {
    const s = scene([
      [10 /* save */, []],
      [12 /* transform */, [2, 0, 0, 2, 0, 0]],
      [11 /* restore */, []],
      [74 /* paintFormXObjectBegin */, [[1, 0, 0, 1, 50, 0], null]],
      box(0, 0, 10, 10),
      [75 /* paintFormXObjectEnd */, []],
      box(0, 0, 10, 10),
    ]);
    expect(s.fills.map((f) => f.box)).toEqual([
      [50, 190, 60, 200],
      [0, 190, 10, 200],
    ]);
  });

  it('marks text in render mode 3 (an OCR layer) as invisible', () => {
    const s = scene([[38 /* setTextRenderingMode */, [3]], ...text('OCR', 20, 100)]);
    expect(s.glyphs.every((g) => g.invisible)).toBe(true);
  });

  it('skips operands it cannot read instead of failing the page', () => {
    const s = scene([
      [91, [22, ['not a path'], null]],
      [44, ['not glyphs']],
      [12, ['x']],
    ]);
    expect(s.fills).toEqual([]);
    expect(s.glyphs).toEqual([]);
  });
});
