import type { Box } from '../shared/boxes';
import type { RedactionShape } from '../shared/contract/synth';
import { textWidth } from './fonts';
import type { PageBuilder, TextLine, Word } from './page';
import type { Rng } from './rng';

/**
 * How the redaction tool of a page pads words, in ems: one setting per page (a person or a tool
 * redacting a document works alike), with a little jitter per box.
 */
export interface PadStyle {
  top: number;
  bottom: number;
  left: number;
  right: number;
  jitter: number;
}

export function choosePadStyle(r: Rng): PadStyle {
  return {
    top: r.range(-0.05, 0.28),
    bottom: r.range(-0.05, 0.28),
    left: r.range(-0.04, 0.3),
    right: r.range(-0.04, 0.3),
    jitter: r.range(0.01, 0.08),
  };
}

/**
 * Where a redaction of a given shape goes: integer page-pixel rectangles derived from the drawn
 * text, cells and areas. Padding is random and asymmetric so boxes neither always hug whole words
 * nor share one height.
 */
export function targetRects(b: PageBuilder, shape: RedactionShape, small: number, r: Rng, pad: PadStyle): Box[] {
  switch (shape) {
    case 'partial':
      return one(partial(b, small, r, pad));
    case 'word':
      return one(words(b, small, r, 1, pad));
    case 'span':
      return one(words(b, small, r, r.int(2, 6), pad));
    case 'line':
      return one(wholeLine(b, r, pad));
    case 'lines':
      return lines(b, r);
    case 'block':
      return one(block(b, r));
    case 'cell':
      return one(cell(b, r, pad));
    case 'free':
      return one(free(b, r));
    case 'page':
      return one(fullPage(b, r));
  }
}

function one(b: Box | null): Box[] {
  return b ? [b] : [];
}

function snap(x0: number, y0: number, x1: number, y1: number, b: PageBuilder): Box | null {
  const box: Box = [
    Math.max(0, Math.round(x0)),
    Math.max(0, Math.round(y0)),
    Math.min(b.width, Math.round(x1)),
    Math.min(b.height, Math.round(y1)),
  ];
  return box[2] - box[0] >= 3 && box[3] - box[1] >= 3 ? box : null;
}

/** Vertical extent around a line with the page's padding (sometimes a little short of the ink). */
function vpad(line: TextLine, r: Rng, pad: PadStyle): [number, number] {
  const s = line.font.size;
  return [line.top - s * (pad.top + r.normal(pad.jitter)), line.bottom + s * (pad.bottom + r.normal(pad.jitter))];
}

function hpad(line: TextLine, r: Rng, pad: PadStyle): [number, number] {
  const s = line.font.size;
  return [s * (pad.left + r.normal(pad.jitter)), s * (pad.right + r.normal(pad.jitter))];
}

function redactableLines(b: PageBuilder): TextLine[] {
  return b.lines.filter((l) => l.redactable && l.words.length > 0);
}

/** Picks a word, preferring short ones when `small` is high. */
function pickWord(b: PageBuilder, small: number, r: Rng): { line: TextLine; index: number } | null {
  const ls = redactableLines(b);
  if (ls.length === 0) return null;
  let best: { line: TextLine; index: number } | null = null;
  let bestScore = -Infinity;
  for (let k = 0; k < 4; k++) {
    const line = r.pick(ls);
    const index = r.int(0, line.words.length - 1);
    const w = line.words[index] as Word;
    const score = -small * (w.x1 - w.x0) + r.next() * 40 * (1 - small);
    if (score > bestScore) {
      bestScore = score;
      best = { line, index };
    }
  }
  return best;
}

function words(b: PageBuilder, small: number, r: Rng, n: number, pad: PadStyle): Box | null {
  const p = pickWord(b, small, r);
  if (!p) return null;
  const last = Math.min(p.line.words.length - 1, p.index + n - 1);
  const w0 = p.line.words[p.index] as Word;
  const w1 = p.line.words[last] as Word;
  const [pl, pr] = hpad(p.line, r, pad);
  const [t, bt] = vpad(p.line, r, pad);
  return snap(w0.x0 - pl, t, w1.x1 + pr, bt, b);
}

/** Part of a word: a prefix, suffix or middle (e-mail user names, digits of a number). */
function partial(b: PageBuilder, small: number, r: Rng, pad: PadStyle): Box | null {
  const p = pickWord(b, small * 0.5, r);
  if (!p) return null;
  const w = p.line.words[p.index] as Word;
  const n = w.text.length;
  if (n < 4) return words(b, small, r, 1, pad);
  const from = r.chance(0.4) ? 0 : r.int(1, n - 2);
  const to = r.chance(0.4) ? n : r.int(from + 2, n);
  const x0 = w.x0 + textWidth(p.line.font, w.text.slice(0, from));
  const x1 = w.x0 + textWidth(p.line.font, w.text.slice(0, to));
  const s = p.line.font.size;
  const [t, bt] = vpad(p.line, r, pad);
  return snap(x0 - s * r.range(0, 0.1), t, x1 + s * r.range(0, 0.1), bt, b);
}

function wholeLine(b: PageBuilder, r: Rng, pad: PadStyle): Box | null {
  const ls = redactableLines(b);
  if (ls.length === 0) return null;
  const line = r.pick(ls);
  const start = r.chance(0.6) ? 0 : r.int(0, line.words.length - 1);
  const w0 = line.words[start] as Word;
  const w1 = line.words[line.words.length - 1] as Word;
  const [pl, pr] = hpad(line, r, pad);
  const [t, bt] = vpad(line, r, pad);
  return snap(w0.x0 - pl, t, w1.x1 + pr, bt, b);
}

/** Several consecutive lines of a paragraph: one box, or one box per line with visible gaps. */
function lines(b: PageBuilder, r: Rng): Box[] {
  const blocks = b.blocks.filter((bl) => bl.lines.length >= 2 && bl.lines.every((l) => l.redactable));
  if (blocks.length === 0) return [];
  const bl = r.pick(blocks);
  const n = r.int(2, Math.min(10, bl.lines.length));
  const start = r.int(0, bl.lines.length - n);
  const sel = bl.lines.slice(start, start + n);
  const first = sel[0] as TextLine;
  const lastLine = sel[sel.length - 1] as TextLine;
  const s = first.font.size;
  if (r.chance(0.45)) {
    const x0 = Math.min(...sel.map((l) => l.words[0]?.x0 ?? Infinity));
    const x1 = Math.max(...sel.map((l) => l.words[l.words.length - 1]?.x1 ?? -Infinity));
    const box = snap(
      x0 - s * r.range(0, 0.4),
      first.top - s * r.range(0, 0.3),
      x1 + s * r.range(0, 0.4),
      lastLine.bottom + s * r.range(0, 0.3),
      b,
    );
    return box ? [box] : [];
  }
  const out: Box[] = [];
  const left = s * r.range(-0.05, 0.3);
  const fromWord = r.chance(0.3) ? r.int(0, Math.max(0, first.words.length - 2)) : 0;
  sel.forEach((l, i) => {
    const next = sel[i + 1];
    const w0 = (i === 0 ? l.words[fromWord] : l.words[0]) as Word;
    const w1 = (
      i === sel.length - 1 && r.chance(0.4) ? l.words[r.int(0, l.words.length - 1)] : l.words[l.words.length - 1]
    ) as Word;
    const top = l.top - s * r.range(0, 0.25);
    let bottom = l.bottom + s * r.range(0, 0.25);
    if (next) bottom = Math.min(bottom, next.top - s * 0.1 - 4);
    const box = snap(w0.x0 - left, top, Math.max(w0.x1, w1.x1) + s * r.range(-0.05, 0.3), bottom, b);
    if (box && out.every((o) => box[1] >= o[3] + 3)) out.push(box);
  });
  return out;
}

function block(b: PageBuilder, r: Rng): Box | null {
  const blocks = b.blocks.filter((bl) => bl.lines.some((l) => l.redactable));
  if (blocks.length === 0) return null;
  const bl = r.pick(blocks);
  const s = (bl.lines[0] as TextLine).font.size;
  return snap(
    bl.box[0] - s * r.range(0, 0.6),
    bl.box[1] - s * r.range(0, 0.5),
    bl.box[2] + s * r.range(-0.2, 0.6),
    bl.box[3] + s * r.range(0, 0.5),
    b,
  );
}

/** A table or form cell: the value area inside its borders, or just its text. */
function cell(b: PageBuilder, r: Rng, pad: PadStyle): Box | null {
  if (b.cells.length === 0) return words(b, 0.5, r, r.int(1, 3), pad);
  const c = r.pick(b.cells);
  const [x0, y0, x1, y1] = c.box;
  if (c.line && c.line.words.length > 0 && r.chance(0.5)) {
    const w0 = c.line.words[0] as Word;
    const w1 = c.line.words[c.line.words.length - 1] as Word;
    const [t, bt] = vpad(c.line, r, pad);
    return snap(
      Math.max(x0 + 2, w0.x0 - r.range(0, 6)),
      Math.max(y0 + 2, t),
      Math.min(x1 - 2, w1.x1 + r.range(0, 10)),
      Math.min(y1 - 2, bt),
      b,
    );
  }
  const inset = Math.max(2, Math.min(x1 - x0, y1 - y0) * r.range(0.04, 0.22));
  const top = c.line ? Math.min(c.line.top - 2, y0 + (y1 - y0) * 0.3) : y0 + inset;
  return snap(x0 + inset * r.range(0.5, 1.5), Math.max(y0 + 2, top), x1 - inset * r.range(0.5, 1.5), y1 - inset, b);
}

/** A signature, photo or an arbitrary area of the page. */
function free(b: PageBuilder, r: Rng): Box | null {
  if (b.spots.length > 0 && r.chance(0.7)) {
    const [x0, y0, x1, y1] = r.pick(b.spots);
    const p = b.dpi * 0.05;
    return snap(x0 - r.range(0, p * 2), y0 - r.range(0, p * 2), x1 + r.range(0, p * 2), y1 + r.range(0, p * 2), b);
  }
  const c = b.contentBox();
  if (!c) return null;
  const w = (c[2] - c[0]) * r.range(0.05, 0.6);
  const h = b.dpi * r.range(0.1, 1.5);
  const x = r.range(c[0], c[2] - w);
  const y = r.range(c[1], Math.max(c[1], c[3] - h));
  return snap(x, y, x + w, y + h, b);
}

/** Everything but the banners and footers: a withheld page. */
function fullPage(b: PageBuilder, r: Rng): Box | null {
  const blocks = b.blocks.filter((bl) => bl.lines.some((l) => l.redactable));
  if (blocks.length === 0) return null;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const bl of blocks) {
    x0 = Math.min(x0, bl.box[0]);
    y0 = Math.min(y0, bl.box[1]);
    x1 = Math.max(x1, bl.box[2]);
    y1 = Math.max(y1, bl.box[3]);
  }
  const p = b.dpi * 0.1;
  return snap(x0 - r.range(0, p), y0 - r.range(0, p), x1 + r.range(0, p), y1 + r.range(0, p), b);
}
