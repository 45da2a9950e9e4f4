import type { Box } from '../../shared/boxes';
import type { FaceKey, Font } from '../fonts';
import type { PageBuilder } from '../page';
import type { Rng } from '../rng';
import { paragraph } from '../text';

/** What every layout gets: the builder, its random stream and the page's chosen look. */
export interface LayoutCtx {
  b: PageBuilder;
  r: Rng;
  /** Printable area inside the margins. */
  area: Box;
  body: Font;
  /** Baseline-to-baseline distance of body text. */
  lh: number;
  /** 0..1: how many hard negatives to draw. */
  negatives: number;
  /** This page's number and the document's page count. */
  pageNo: number;
  pageCount: number;
  /** True for the first page of a document (letterheads, captions). */
  first: boolean;
}

export type Layout = (c: LayoutCtx) => void;

/** A kind of document: which fonts, sizes and line spacing it favours, and how it is drawn. */
export interface LayoutSpec {
  faces: Partial<Record<FaceKey, number>>;
  /** Body size range in points. */
  sizePt: [number, number];
  /** Line spacing range as a multiple of the font size. */
  spacing: [number, number];
  /** Probability that the page looks typewritten (jittered glyphs). */
  typewriter: number;
  draw: Layout;
}

/** Body fonts with the weights of how often each kind of document uses them. */
export function chooseFace(r: Rng, preferred: Partial<Record<FaceKey, number>>): FaceKey {
  return r.weighted({
    serif: 1,
    sans: 1,
    narrow: 0.2,
    mono: 0.5,
    courier: 0.5,
    caladea: 0.4,
    carlito: 0.6,
    ...preferred,
  });
}

/** A body font size in pixels for a point size drawn from [lo, hi]. */
export function bodyFont(c: { b: PageBuilder; r: Rng }, face: FaceKey, lo = 9.5, hi = 12.5): Font {
  return { face, size: c.b.pt(c.r.range(lo, hi)) };
}

export function withSize(f: Font, size: number, extra: Partial<Font> = {}): Font {
  return { ...f, size, ...extra };
}

/** Flows paragraphs until the area is full; returns the baseline after the last line. */
export function paragraphs(
  c: LayoutCtx,
  y: number,
  opts: { x0?: number; x1?: number; maxY?: number; numbered?: boolean; caps?: boolean; gap?: number } = {},
): number {
  const { b, r } = c;
  const x0 = opts.x0 ?? c.area[0];
  const x1 = opts.x1 ?? c.area[2];
  const maxY = opts.maxY ?? c.area[3];
  const align = r.chance(0.35) ? 'justify' : 'left';
  const indent = r.chance(0.5) ? r.range(0.3, 0.8) * b.dpi : 0;
  const gap = opts.gap ?? (r.chance(0.6) ? c.lh * r.range(0.4, 1.1) : 0);
  let n = 1;
  while (y <= maxY) {
    let text = paragraph(r, 1, 6);
    if (opts.caps) text = text.toUpperCase();
    if (opts.numbered) text = `${n}. ${text}`;
    const out = b.flow(text, x0, x1, y, c.body, { lineHeight: c.lh, align, indent, maxY });
    if (out.lines.length === 0) break;
    y = out.y + gap;
    n++;
  }
  return y;
}

/** A heading line in bold (or underlined capitals on typewriter pages). */
export function heading(
  c: LayoutCtx,
  text: string,
  y: number,
  opts: { x?: number; align?: 'left' | 'center'; scale?: number } = {},
): number {
  const { b, r } = c;
  const size = c.body.size * (opts.scale ?? r.range(1.0, 1.35));
  const font: Font = { ...c.body, size, bold: true };
  const x = opts.align === 'center' ? (c.area[0] + c.area[2]) / 2 : (opts.x ?? c.area[0]);
  const line = b.text(text, x, y, font, { align: opts.align === 'center' ? 'center' : 'left', redactable: false });
  if (b.typewriter || r.chance(0.15)) {
    const w0 = line.words[0];
    const wl = line.words[line.words.length - 1];
    if (w0 && wl) b.rule(w0.x0, y + size * 0.15, wl.x1, y + size * 0.15, Math.max(1, size * 0.06));
  }
  return y + size * r.range(1.6, 2.2);
}

/** Label/value pairs such as "TO:  ...", returning the baseline after them. */
export function fieldBlock(
  c: LayoutCtx,
  pairs: [string, string][],
  y: number,
  opts: { labelBold?: boolean; x?: number; tab?: number } = {},
): number {
  const { b } = c;
  const x = opts.x ?? c.area[0];
  const labelFont: Font = { ...c.body, bold: opts.labelBold ?? c.r.chance(0.5) };
  const tab = opts.tab ?? c.body.size * c.r.range(5, 8);
  for (const [label, value] of pairs) {
    b.text(label, x, y, labelFont, { redactable: false });
    const out = b.flow(value, x + tab, c.area[2], y, c.body, { lineHeight: c.lh });
    y = Math.max(out.y, y + c.lh);
  }
  return y;
}
