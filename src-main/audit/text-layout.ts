import type { Box } from '../shared/boxes';
import { compose, toMatrix, transformRect, type Matrix } from './geometry';
import type { FontInfo } from './scene';
import type { Ops } from './pdfjs';

/** The PDF text state that positions glyphs (saved and restored with the graphics state). */
export interface TextState {
  font: FontInfo | null;
  fontSize: number;
  /** +1, or -1 when the font size was negative (mirrored text). */
  fontDirection: number;
  charSpacing: number;
  wordSpacing: number;
  hScale: number;
  leading: number;
  rise: number;
  renderMode: number;
  textMatrix: Matrix | null;
  x: number;
  y: number;
  lineX: number;
  lineY: number;
}

export function initialTextState(): TextState {
  return {
    font: null,
    fontSize: 0,
    fontDirection: 1,
    charSpacing: 0,
    wordSpacing: 0,
    hScale: 1,
    leading: 0,
    rise: 0,
    renderMode: 0,
    textMatrix: null,
    x: 0,
    y: 0,
    lineX: 0,
    lineY: 0,
  };
}

export interface PlacedGlyph {
  text: string;
  /** Bounds in the space of the CTM passed in (audit space when the CTM includes the page frame). */
  box: Box;
}

interface GlyphArg {
  unicode?: unknown;
  width?: unknown;
  isSpace?: unknown;
  vmetric?: unknown;
}

const DEFAULT_ASCENT = 0.8;
const DEFAULT_DESCENT = -0.2;

/** Vertical extent of a glyph in em (ascent > 0 > descent), with sane fallbacks. */
function extent(font: FontInfo): [number, number] {
  const a = font.ascent > 0.3 && font.ascent < 1.5 ? font.ascent : DEFAULT_ASCENT;
  const d = font.descent < 0 && font.descent > -0.8 ? font.descent : DEFAULT_DESCENT;
  return [d, a];
}

/**
 * Lays out one `showText` operand the way pdfjs' canvas renderer does (advance widths, char and
 * word spacing, TJ kerning, horizontal scale, rise) and returns each glyph's bounds. Advances the
 * text position in `ts`.
 */
export function layoutGlyphs(ts: TextState, ctm: Matrix, glyphs: readonly unknown[]): PlacedGlyph[] {
  const font = ts.font;
  if (!font || ts.fontSize === 0) return [];
  const out: PlacedGlyph[] = [];
  const fm0 = font.fontMatrix[0] ?? 0.001;
  const advanceScale = ts.fontSize * fm0;
  const hScale = ts.hScale * ts.fontDirection;
  const base = compose(compose(ctm, ts.textMatrix ?? [1, 0, 0, 1, 0, 0]), [hScale, 0, 0, 1, ts.x, ts.y + ts.rise]);
  const [desc, asc] = extent(font);
  const em = font.isType3 ? ts.fontSize * Math.abs((font.fontMatrix[3] ?? 0.001) * 1000) : ts.fontSize;
  let x = 0;
  for (const g of glyphs) {
    if (typeof g === 'number') {
      // TJ adjustment, in thousandths of an em; positive moves left (horizontal) or down (vertical).
      x += (font.vertical ? 1 : -1) * ((g * ts.fontSize) / 1000);
      continue;
    }
    if (!g || typeof g !== 'object') continue;
    const glyph = g as GlyphArg;
    const width = typeof glyph.width === 'number' && Number.isFinite(glyph.width) ? glyph.width : 0;
    const spacing = (glyph.isSpace === true ? ts.wordSpacing : 0) + ts.charSpacing;
    const text = typeof glyph.unicode === 'string' ? glyph.unicode : '';
    if (font.vertical) {
      const adv = width * advanceScale;
      const box = transformRect(base, -em / 2, -x - adv, em / 2, -x);
      if (text) out.push({ text, box });
      x += adv - spacing * ts.fontDirection;
    } else {
      const adv = width * advanceScale;
      const box = transformRect(base, x, desc * em, x + adv, asc * em);
      if (text) out.push({ text, box });
      x += adv + spacing * ts.fontDirection;
    }
  }
  if (font.vertical) ts.y -= x;
  else ts.x += x * hScale;
  return out;
}

function num(v: unknown, fallback = 0): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

export function isTextOp(OPS: Ops, fn: number): boolean {
  return (
    fn === OPS.beginText ||
    fn === OPS.setTextMatrix ||
    fn === OPS.moveText ||
    fn === OPS.setLeadingMoveText ||
    fn === OPS.setLeading ||
    fn === OPS.nextLine ||
    fn === OPS.setCharSpacing ||
    fn === OPS.setWordSpacing ||
    fn === OPS.setHScale ||
    fn === OPS.setTextRise ||
    fn === OPS.setTextRenderingMode ||
    fn === OPS.setFont ||
    fn === OPS.showText ||
    fn === OPS.showSpacedText ||
    fn === OPS.nextLineShowText ||
    fn === OPS.nextLineSetSpacingShowText
  );
}

function newLine(t: TextState): void {
  t.x = t.lineX;
  t.y = t.lineY += t.leading;
}

/**
 * Applies one text operator to the text state (as pdfjs' canvas renderer does). Returns the
 * glyph operand for operators that show text, else null.
 */
export function applyTextOp(
  OPS: Ops,
  t: TextState,
  fn: number,
  args: unknown[],
  font: (id: string) => FontInfo | null,
): unknown[] | null {
  const glyphs = (v: unknown): unknown[] | null => (Array.isArray(v) ? (v as unknown[]) : null);
  if (fn === OPS.beginText) {
    t.textMatrix = null;
    t.x = t.lineX = t.y = t.lineY = 0;
  } else if (fn === OPS.setTextMatrix) {
    t.textMatrix = toMatrix(args[0]) ?? toMatrix(args);
    t.x = t.lineX = t.y = t.lineY = 0;
  } else if (fn === OPS.moveText || fn === OPS.setLeadingMoveText) {
    if (fn === OPS.setLeadingMoveText) t.leading = num(args[1]);
    t.x = t.lineX += num(args[0]);
    t.y = t.lineY += num(args[1]);
  } else if (fn === OPS.setLeading) t.leading = -num(args[0]);
  else if (fn === OPS.nextLine) newLine(t);
  else if (fn === OPS.setCharSpacing) t.charSpacing = num(args[0]);
  else if (fn === OPS.setWordSpacing) t.wordSpacing = num(args[0]);
  else if (fn === OPS.setHScale) t.hScale = num(args[0], 100) / 100;
  else if (fn === OPS.setTextRise) t.rise = num(args[0]);
  else if (fn === OPS.setTextRenderingMode) t.renderMode = num(args[0]);
  else if (fn === OPS.setFont) {
    const size = num(args[1]);
    t.font = font(String(args[0]));
    t.fontDirection = size < 0 ? -1 : 1;
    t.fontSize = Math.abs(size);
  } else if (fn === OPS.showText || fn === OPS.showSpacedText) return glyphs(args[0]);
  else if (fn === OPS.nextLineShowText) {
    newLine(t);
    return glyphs(args[0]);
  } else if (fn === OPS.nextLineSetSpacingShowText) {
    t.wordSpacing = num(args[0]);
    t.charSpacing = num(args[1]);
    newLine(t);
    return glyphs(args[2]);
  }
  return null;
}
