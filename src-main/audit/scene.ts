import type { Box } from '../shared/boxes';
import type { Rgb } from './colors';

/**
 * What a page draws, in drawing order, in audit space (PDF points, origin top-left of the view
 * box, y down, before /Rotate). `seq` is the operator index: a larger seq is drawn later, on top.
 */
export interface Glyph {
  seq: number;
  /** The Unicode text of the glyph (a ligature may carry several characters). */
  text: string;
  box: Box;
  color: Rgb | null;
  /** Text render mode 3/7: never painted (OCR layers, hidden text). */
  invisible: boolean;
}

/** One filled shape: a rectangle from a path, or the bounds of a non-rectangular filled path. */
export interface FillShape {
  seq: number;
  box: Box;
  color: Rgb | null;
  /** Fill opacity (ExtGState `ca`), 0..1. */
  alpha: number;
  /** True for rectangles (`re` or four axis-aligned lines); false for curves, polygons. */
  rect: boolean;
}

/** A raster image placed on the page (the unit square under the CTM). */
export interface ImageDraw {
  seq: number;
  box: Box;
  /** pdfjs object id, or null for inline images (their data is in `inline`). */
  objId: string | null;
  inline: unknown;
  alpha: number;
}

export interface PageScene {
  /** View box size in points (before /Rotate). */
  width: number;
  height: number;
  rotate: number;
  glyphs: Glyph[];
  fills: FillShape[];
  images: ImageDraw[];
}

/** What the interpreter needs to know about a font. */
export interface FontInfo {
  fontMatrix: number[];
  ascent: number;
  descent: number;
  vertical: boolean;
  isType3: boolean;
}
