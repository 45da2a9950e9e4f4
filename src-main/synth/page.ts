import type { SKRSContext2D } from '@napi-rs/canvas';
import type { Box, BoxClass, BoxStyle } from '../shared/boxes';
import type { LayoutKind, RedactionShape } from '../shared/contract/synth';
import { css, faceMetrics, layoutWords, spaceBetween, textWidth, type Font } from './fonts';
import type { Rng } from './rng';

/** Drawing happens in three layers: the page, the redactions (skippable for label checks), marks on top. */
export type Layer = 'base' | 'redact' | 'over';
export type DrawFn = (g: SKRSContext2D) => void;

export interface Word {
  text: string;
  x0: number;
  x1: number;
}

/** A line of text as drawn, with every word's horizontal extent: what redactions aim at. */
export interface TextLine {
  words: Word[];
  font: Font;
  baseline: number;
  /** Top of tall letters and bottom of descenders. */
  top: number;
  bottom: number;
  /** Space to the next line below (for multi-line boxes). */
  leading: number;
  /** Headings and form labels are seldom redacted. */
  redactable: boolean;
}

/** A table or form cell that a whole-cell redaction may fill. */
export interface Cell {
  box: Box;
  /** The text inside, if any. */
  line: TextLine | null;
}

/** A label planned in page coordinates before ageing; `points` is the drawn outline (x, y pairs). */
export interface PlannedLabel {
  class: BoxClass;
  points: number[];
  style?: BoxStyle;
  label?: string;
  shape?: RedactionShape;
}

export interface FlowOptions {
  lineHeight: number;
  align?: 'left' | 'justify' | 'center' | 'right';
  indent?: number;
  ink?: number;
  redactable?: boolean;
  maxY?: number;
}

export function rectPoints(b: Box): number[] {
  return [b[0], b[1], b[2], b[1], b[2], b[3], b[0], b[3]];
}

/** Fills at least this light are shading, not ink (dark form bars and redactions are darker). */
const PALE_FROM = 140;

/** Collects what a layout draws (as a display list) together with the geometry the labels come from. */
export class PageBuilder {
  readonly ops: { layer: Layer; draw: DrawFn }[] = [];
  readonly lines: TextLine[] = [];
  readonly cells: Cell[] = [];
  /** Paragraph areas, for multi-line and block redactions. */
  readonly blocks: { box: Box; lines: TextLine[] }[] = [];
  readonly labels: PlannedLabel[] = [];
  /** Page furniture that a full-page redaction should not cover (banners, footers). */
  readonly furniture: Box[] = [];
  /** Signatures, photos and other areas a free-form redaction may cover. */
  readonly spots: Box[] = [];
  private content: Box | null = null;
  layout: LayoutKind = 'memo';
  /** Typewriter pages jitter words, letters and ink. */
  typewriter = false;
  /** Ink of ordinary text (0 = black). */
  ink = 20;
  /**
   * The darkest light shading on the page (highlights, shaded cells and headers), or null: a
   * bilevel scan keeps it paper-white instead of turning it into an unlabelled black box.
   */
  paleShade: number | null = null;
  /** The lightest grey redaction on the page, or null: a bilevel scan keeps it black. */
  palestRedaction: number | null = null;

  constructor(
    readonly width: number,
    readonly height: number,
    /** Pixels per inch of the page image. */
    readonly dpi: number,
    readonly rng: Rng,
  ) {}

  /** Points (1/72 in) to pixels. */
  pt(points: number): number {
    return (points * this.dpi) / 72;
  }

  draw(layer: Layer, fn: DrawFn, bounds?: Box): void {
    this.ops.push({ layer, draw: fn });
    if (bounds) this.addContent(bounds);
  }

  /** Records a fill level; light ones (shading, not ink) lower `paleShade`. */
  notePale(level: number): void {
    if (level >= PALE_FROM && (this.paleShade === null || level < this.paleShade)) this.paleShade = level;
  }

  /** Records the fill level of a solid (black or grey) redaction; lighter ones raise `palestRedaction`. */
  noteRedactionFill(level: number): void {
    if (this.palestRedaction === null || level > this.palestRedaction) this.palestRedaction = level;
  }

  addContent(b: Box): void {
    const c = this.content;
    this.content = c ? [Math.min(c[0], b[0]), Math.min(c[1], b[1]), Math.max(c[2], b[2]), Math.max(c[3], b[3])] : b;
  }

  contentBox(): Box | null {
    return this.content;
  }

  /**
   * Draws one line of words from `x` (left edge) on `baseline` as a single string; `extraSpace`
   * widens every space (justified text). Word extents follow the font's advances and kerning.
   */
  textLine(
    words: string[],
    x: number,
    baseline: number,
    font: Font,
    opts: {
      extraSpace?: number;
      ink?: number;
      redactable?: boolean;
      leading?: number;
      /** The line's layout when the caller measured it already (flow). */
      layout?: { offsets: number[]; widths: number[]; width: number };
    } = {},
  ): TextLine {
    const extra = opts.extraSpace ?? 0;
    const lay = opts.layout ?? layoutWords(font, words, extra);
    const placed: Word[] = words.map((w, i) => {
      const x0 = x + (lay.offsets[i] as number);
      return { text: w, x0, x1: x0 + (lay.widths[i] as number) };
    });
    const m = faceMetrics(font);
    const line: TextLine = {
      words: placed,
      font,
      baseline,
      top: baseline - m.ascent * font.size,
      bottom: baseline + m.descent * font.size,
      leading: opts.leading ?? font.size * 1.2,
      redactable: opts.redactable ?? true,
    };
    if (placed.length === 0) return line;
    const ink = opts.ink ?? this.ink;
    const fontCss = css(font);
    const bounds: Box = [x, line.top, x + lay.width, line.bottom];
    if (this.typewriter && (font.face === 'courier' || font.face === 'mono')) {
      // fork at draw time, so drawing the page twice gives the same pixels
      const r = this.rng.fork(`line${this.lines.length}`);
      this.draw('base', (g) => drawTypewriterLine(g, fontCss, placed, baseline, font, ink, r.fork('draw')), bounds);
    } else {
      const text = words.join(' ');
      this.draw(
        'base',
        (g) => {
          g.font = fontCss;
          g.fillStyle = grey(ink);
          if (extra !== 0) g.wordSpacing = `${extra.toFixed(3)}px`;
          g.fillText(text, x, baseline);
        },
        bounds,
      );
    }
    this.lines.push(line);
    return line;
  }

  /** A single string (split on spaces) at `x`, aligned left, right or centred on `x`. */
  text(
    s: string,
    x: number,
    baseline: number,
    font: Font,
    opts: { align?: 'left' | 'right' | 'center'; ink?: number; redactable?: boolean } = {},
  ): TextLine {
    const words = s.split(' ').filter((w) => w.length > 0);
    const w = layoutWords(font, words).width;
    const left = opts.align === 'right' ? x - w : opts.align === 'center' ? x - w / 2 : x;
    return this.textLine(words, left, baseline, font, opts);
  }

  /** Flows `text` into lines between x0 and x1 from the first baseline `y`; returns the next baseline. */
  flow(text: string, x0: number, x1: number, y: number, font: Font, o: FlowOptions): { y: number; lines: TextLine[] } {
    const words = text.split(' ').filter((w) => w.length > 0);
    const lines: TextLine[] = [];
    let i = 0;
    let first = true;
    while (i < words.length && (o.maxY === undefined || y <= o.maxY)) {
      const start = first ? x0 + (o.indent ?? 0) : x0;
      const avail = x1 - start;
      const row: string[] = [];
      const offsets: number[] = [];
      const widths: number[] = [];
      let w = 0;
      while (i < words.length) {
        const word = words[i] as string;
        const ww = textWidth(font, word);
        const gap = row.length > 0 ? spaceBetween(font, row[row.length - 1] as string, word) : 0;
        if (row.length > 0 && w + gap + ww > avail) break;
        offsets.push(w + gap);
        widths.push(ww);
        w += gap + ww;
        row.push(word);
        i++;
      }
      const last = i >= words.length;
      let extraSpace = 0;
      let left = start;
      if (o.align === 'justify' && !last && row.length > 1) extraSpace = (avail - w) / (row.length - 1);
      else if (o.align === 'center') left = start + (avail - w) / 2;
      else if (o.align === 'right') left = x1 - w;
      const layout = {
        offsets: offsets.map((off, k) => off + k * extraSpace),
        widths,
        width: w + extraSpace * Math.max(0, row.length - 1),
      };
      lines.push(
        this.textLine(row, left, y, font, {
          extraSpace,
          ink: o.ink,
          redactable: o.redactable,
          leading: o.lineHeight,
          layout,
        }),
      );
      y += o.lineHeight;
      first = false;
    }
    if (lines.length > 0) {
      const f = lines[0] as TextLine;
      const l = lines[lines.length - 1] as TextLine;
      this.blocks.push({ box: [x0, f.top, x1, l.bottom], lines });
    }
    return { y, lines };
  }

  /** A straight rule (line) of width `lw`. */
  rule(
    x0: number,
    y0: number,
    x1: number,
    y1: number,
    lw: number,
    ink = this.ink,
    layer: Layer = 'base',
    content = true,
  ): void {
    this.draw(
      layer,
      (g) => {
        g.strokeStyle = grey(ink);
        g.lineWidth = lw;
        g.beginPath();
        g.moveTo(x0, y0);
        g.lineTo(x1, y1);
        g.stroke();
      },
      content
        ? [Math.min(x0, x1) - lw / 2, Math.min(y0, y1) - lw / 2, Math.max(x0, x1) + lw / 2, Math.max(y0, y1) + lw / 2]
        : undefined,
    );
  }

  /** A rectangle filled and/or outlined. */
  rect(b: Box, opts: { fill?: number; stroke?: number; lw?: number; layer?: Layer }): void {
    const lw = opts.lw ?? 1;
    if (opts.fill !== undefined) this.notePale(opts.fill);
    this.draw(
      opts.layer ?? 'base',
      (g) => {
        if (opts.fill !== undefined) {
          g.fillStyle = grey(opts.fill);
          g.fillRect(b[0], b[1], b[2] - b[0], b[3] - b[1]);
        }
        if (opts.stroke !== undefined) {
          g.strokeStyle = grey(opts.stroke);
          g.lineWidth = lw;
          g.strokeRect(b[0], b[1], b[2] - b[0], b[3] - b[1]);
        }
      },
      b,
    );
  }
}

/** CSS colour of a grey level 0..255. */
export function grey(level: number): string {
  const v = Math.max(0, Math.min(255, Math.round(level)));
  return `rgb(${v},${v},${v})`;
}

/** Typewritten line: each word with its own baseline wobble and ink, some letter by letter. */
function drawTypewriterLine(
  g: SKRSContext2D,
  fontCss: string,
  words: Word[],
  baseline: number,
  font: Font,
  ink: number,
  r: Rng,
): void {
  g.font = fontCss;
  for (const w of words) {
    const dy = r.normal(font.size * 0.02);
    if (!r.chance(0.15)) {
      g.fillStyle = grey(ink + r.range(-10, 30));
      g.fillText(w.text, w.x0 + r.normal(font.size * 0.01), baseline + dy);
      continue;
    }
    const n = w.text.length;
    const adv = n > 0 ? (w.x1 - w.x0) / n : 0;
    for (let k = 0; k < n; k++) {
      g.fillStyle = grey(ink + r.range(-15, 50));
      g.fillText(
        w.text.charAt(k),
        w.x0 + k * adv + r.normal(font.size * 0.012),
        baseline + dy + r.normal(font.size * 0.025),
      );
    }
  }
}
