import type { SKRSContext2D } from '@napi-rs/canvas';
import type { Box, BoxClass, BoxStyle } from '../shared/boxes';
import type { LayoutKind, RedactionShape } from '../shared/contract/synth';
import { css, faceMetrics, textWidth, type Font } from './fonts';
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
  /** Ink of ordinary text (0 = black). */
  ink = 20;

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

  addContent(b: Box): void {
    const c = this.content;
    this.content = c ? [Math.min(c[0], b[0]), Math.min(c[1], b[1]), Math.max(c[2], b[2]), Math.max(c[3], b[3])] : b;
  }

  contentBox(): Box | null {
    return this.content;
  }

  /** Draws one line of words at `x` (left edge) on `baseline`; gaps are the font's space unless given. */
  textLine(
    words: string[],
    x: number,
    baseline: number,
    font: Font,
    opts: { gaps?: number[]; ink?: number; redactable?: boolean; leading?: number } = {},
  ): TextLine {
    const space = textWidth(font, ' ');
    const placed: Word[] = [];
    let cx = x;
    words.forEach((w, i) => {
      const wd = textWidth(font, w);
      placed.push({ text: w, x0: cx, x1: cx + wd });
      cx += wd + (opts.gaps?.[i] ?? space);
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
    const jitter = (font.face === 'courier' || font.face === 'mono') && this.typewriter;
    const r = this.rng.fork(`line${this.lines.length}`);
    const fontCss = css(font);
    this.draw(
      'base',
      (g) => {
        g.font = fontCss;
        for (const w of placed) {
          if (jitter) drawTypewriterWord(g, w, baseline, font, ink, r);
          else {
            g.fillStyle = grey(ink);
            g.fillText(w.text, w.x0, baseline);
          }
        }
      },
      [placed[0]?.x0 ?? x, line.top, cx, line.bottom],
    );
    this.lines.push(line);
    return line;
  }

  /** Typewriter pages jitter characters and ink. */
  typewriter = false;

  /** A single string (split on spaces) at `x`, aligned left, right or centred on `x`. */
  text(
    s: string,
    x: number,
    baseline: number,
    font: Font,
    opts: { align?: 'left' | 'right' | 'center'; ink?: number; redactable?: boolean } = {},
  ): TextLine {
    const words = s.split(' ').filter((w) => w.length > 0);
    const w = textWidth(font, words.join(' '));
    const left = opts.align === 'right' ? x - w : opts.align === 'center' ? x - w / 2 : x;
    return this.textLine(words, left, baseline, font, opts);
  }

  /** Flows `text` into lines between x0 and x1 from the first baseline `y`; returns the next baseline. */
  flow(text: string, x0: number, x1: number, y: number, font: Font, o: FlowOptions): { y: number; lines: TextLine[] } {
    const words = text.split(' ').filter((w) => w.length > 0);
    const space = textWidth(font, ' ');
    const lines: TextLine[] = [];
    let i = 0;
    let first = true;
    while (i < words.length && (o.maxY === undefined || y <= o.maxY)) {
      const start = first ? x0 + (o.indent ?? 0) : x0;
      const avail = x1 - start;
      const row: string[] = [];
      let w = 0;
      while (i < words.length) {
        const ww = textWidth(font, words[i] as string);
        if (row.length > 0 && w + space + ww > avail) break;
        w += (row.length > 0 ? space : 0) + ww;
        row.push(words[i] as string);
        i++;
      }
      const last = i >= words.length;
      let gaps: number[] | undefined;
      let left = start;
      if (o.align === 'justify' && !last && row.length > 1) {
        const extra = (avail - w) / (row.length - 1);
        gaps = row.map(() => space + extra);
      } else if (o.align === 'center') left = start + (avail - w) / 2;
      else if (o.align === 'right') left = x1 - w;
      lines.push(
        this.textLine(row, left, y, font, { gaps, ink: o.ink, redactable: o.redactable, leading: o.lineHeight }),
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
  rule(x0: number, y0: number, x1: number, y1: number, lw: number, ink = this.ink, layer: Layer = 'base'): void {
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
      [Math.min(x0, x1) - lw / 2, Math.min(y0, y1) - lw / 2, Math.max(x0, x1) + lw / 2, Math.max(y0, y1) + lw / 2],
    );
  }

  /** A rectangle filled and/or outlined. */
  rect(b: Box, opts: { fill?: number; stroke?: number; lw?: number; layer?: Layer }): void {
    const lw = opts.lw ?? 1;
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

function drawTypewriterWord(g: SKRSContext2D, w: Word, baseline: number, font: Font, ink: number, r: Rng): void {
  const n = w.text.length;
  const adv = n > 0 ? (w.x1 - w.x0) / n : 0;
  for (let k = 0; k < n; k++) {
    const ch = w.text.charAt(k);
    g.fillStyle = grey(ink + r.range(-15, 45));
    g.fillText(ch, w.x0 + k * adv + r.normal(font.size * 0.012), baseline + r.normal(font.size * 0.025));
  }
}
