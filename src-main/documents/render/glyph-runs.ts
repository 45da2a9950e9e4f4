import type { SKRSContext2D } from '@napi-rs/canvas';

/*
 * pdfjs draws text one glyph at a time: one `fillText(char, x, y)` per glyph at the position the
 * PDF gives it. In @napi-rs/canvas every fillText call lays out a paragraph, so a text page of
 * ~4000 glyphs spends ~16 ms in these calls, while the same text in one call per line takes ~1.5 ms.
 *
 * `joinGlyphRuns` makes a context collect consecutive one-glyph fillText calls into a run and draw
 * the run with one call, but only while each glyph sits where the font's own advance widths put it
 * (within a quarter of a device pixel), i.e. where one call draws the same glyphs at the same
 * places. Any other call on the context (state changes, paths, images, pixel reads) first draws
 * the pending run, so the order of drawing and the state each glyph is drawn with are unchanged.
 * Fonts pdfjs hands to the canvas carry no kerning or ligature tables (it rebuilds them without),
 * and kerning is turned off for the run in any case.
 */

type Method = (...args: unknown[]) => unknown;

export interface GlyphRuns {
  /** Draws the pending run; call before reading the canvas' pixels. */
  flush(): void;
  /** One-glyph calls received and the calls actually made (for tests and benchmarks). */
  stats(): { glyphs: number; calls: number };
}

/** Quarter of a device pixel, in the units of the current transform. */
function tolerance(ctx: SKRSContext2D): number {
  const m = ctx.getTransform();
  const scale = Math.hypot(m.a, m.b) || 1;
  return 0.25 / scale;
}

export function joinGlyphRuns(ctx: SKRSContext2D): GlyphRuns {
  const draw = ctx.fillText; // eslint-disable-line @typescript-eslint/unbound-method -- called with ctx below
  const fillText = (text: string, x: number, y: number, maxWidth?: number): void =>
    maxWidth === undefined ? draw.call(ctx, text, x, y) : draw.call(ctx, text, x, y, maxWidth);
  const measure = ctx.measureText.bind(ctx);
  const widths = new Map<string, Map<string, number>>();
  let text = '';
  /** Glyphs in `text` (a glyph may be two UTF-16 units). */
  let count = 0;
  let x0 = 0;
  let y0 = 0;
  /** Where the next glyph of the run goes, by the font's advances. */
  let nextX = 0;
  let tol = 0;
  let glyphs = 0;
  let calls = 0;

  const advance = (ch: string): number => {
    const font = ctx.font;
    let m = widths.get(font);
    if (!m) widths.set(font, (m = new Map<string, number>()));
    let w = m.get(ch);
    if (w === undefined) m.set(ch, (w = measure(ch).width));
    return w;
  };

  const flush = (): void => {
    if (!text) return;
    const run = text;
    const one = count === 1;
    text = '';
    count = 0;
    calls++;
    if (one) {
      fillText(run, x0, y0);
      return;
    }
    const kerning = ctx.fontKerning;
    if (kerning !== 'none') ctx.fontKerning = 'none';
    fillText(run, x0, y0);
    if (kerning !== 'none') ctx.fontKerning = kerning;
  };

  const onFillText = (t: string, x: number, y: number, maxWidth?: number): void => {
    glyphs++;
    if (maxWidth !== undefined || typeof t !== 'string' || [...t].length !== 1) {
      flush();
      calls++;
      fillText(t, x, y, maxWidth);
      return;
    }
    if (text && y === y0 && Math.abs(x - nextX) <= tol) {
      text += t;
      count++;
      nextX += advance(t);
      return;
    }
    flush();
    tol = tolerance(ctx);
    text = t;
    count = 1;
    x0 = x;
    y0 = y;
    nextX = x + advance(t);
  };

  // Every other method and property setter draws the pending run first.
  const seen = new Set<string>(['constructor', 'fillText']);
  for (
    let proto: object | null = ctx;
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto) as object | null
  ) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (seen.has(name)) continue;
      seen.add(name);
      const d = Object.getOwnPropertyDescriptor(proto, name)!;
      if (typeof d.value === 'function') {
        const fn = d.value as Method;
        Object.defineProperty(ctx, name, {
          configurable: true,
          writable: true,
          value: (...args: unknown[]): unknown => {
            flush();
            return fn.apply(ctx, args);
          },
        });
      } else if (d.set) {
        const { get, set } = d as { get?: (this: unknown) => unknown; set: (this: unknown, v: unknown) => void };
        Object.defineProperty(ctx, name, {
          configurable: true,
          get: get ? (): unknown => get.call(ctx) : undefined,
          set: (v: unknown): void => {
            flush();
            set.call(ctx, v);
          },
        });
      }
    }
  }
  Object.defineProperty(ctx, 'fillText', { configurable: true, writable: true, value: onFillText });
  return { flush, stats: () => ({ glyphs, calls }) };
}
