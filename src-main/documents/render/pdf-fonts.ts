import { threadId } from 'node:worker_threads';
import { createCanvas, GlobalFonts, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';

/*
 * Fonts for pdfjs in Node. By default pdfjs draws every glyph as a path in Node, which Skia then
 * rasterises one by one (about half of a text page's render time). Given a Font Loading API it
 * instead hands the fonts it extracted to the canvas and draws text with fillText, which Skia
 * rasterises through its glyph cache. This module provides that API on top of @napi-rs/canvas'
 * GlobalFonts: a `FontFace` that registers the font data, a `document.fonts` to add it to, and
 * canvas contexts that map pdfjs' font names to the registered ones.
 *
 * GlobalFonts is shared by every thread of the process while pdfjs' names (`g_d0_f1`) are only
 * unique within one thread, so each font is registered under a name with the thread id, and the
 * contexts rewrite `ctx.font` accordingly. Fonts are never unregistered: removing fonts while
 * another thread (ours, or the synthetic page generator's) draws text was seen to lose that text.
 * Instead the import's render pool replaces a render process once it has registered
 * FONT_BUDGET_BYTES (protocol.ts) of them.
 */

type FontKey = NonNullable<ReturnType<typeof GlobalFonts.register>>;

const PDFJS_FONT = /\bg_d\d+_f\d+\b/g;
const registered = new Map<string, FontKey>();
let registeredBytes = 0;

function alias(loadedName: string): string {
  return `rl${threadId}_${loadedName}`;
}

/** The Font Loading API's FontFace, enough for pdfjs: registers the font data as it is created. */
class RegisteringFontFace {
  readonly family: string;
  readonly loaded: Promise<RegisteringFontFace>;

  constructor(family: string, data: ArrayBuffer | ArrayBufferView | string) {
    this.family = family;
    let key: FontKey | null = null;
    if (typeof data !== 'string') {
      const bytes = ArrayBuffer.isView(data)
        ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
        : Buffer.from(data);
      key = GlobalFonts.register(bytes, alias(family));
    }
    if (key) {
      registered.set(family, key);
      registeredBytes += typeof data === 'string' ? 0 : data.byteLength;
    }
    this.loaded = key ? Promise.resolve(this) : Promise.reject(new Error(`the font ${family} could not be loaded`));
    // pdfjs falls back to drawing glyph paths when loading fails; nobody else awaits this.
    this.loaded.catch(() => undefined);
  }

  load(): Promise<RegisteringFontFace> {
    return this.loaded;
  }
}

/** Installs the FontFace class pdfjs looks for (once per thread). */
export function installFontFace(): void {
  (globalThis as { FontFace?: unknown }).FontFace ??= RegisteringFontFace;
}

/** What pdfjs receives as `ownerDocument`: only its `fonts` set is used in Node. */
export const fontDocument = {
  fonts: {
    add: (_face: unknown): void => undefined,
    delete: (_face: unknown): void => undefined,
  },
};

/** Makes a 2D context translate pdfjs' font names into the registered ones. */
export function mapFonts<T extends SKRSContext2D>(ctx: T): T {
  // The prototype that holds the canvas' own accessor.
  let owner: object | null = Object.getPrototypeOf(ctx) as object | null;
  while (owner && !Object.getOwnPropertyDescriptor(owner, 'font')?.set)
    owner = Object.getPrototypeOf(owner) as object | null;
  if (!owner) return ctx;
  const target = owner;
  const rename = (v: unknown): unknown =>
    typeof v === 'string' ? v.replace(PDFJS_FONT, (n) => (registered.has(n) ? alias(n) : n)) : v;
  Object.defineProperty(ctx, 'font', {
    configurable: true,
    get: (): string => String(Reflect.get(target, 'font', ctx)),
    set: (v: unknown): void => void Reflect.set(target, 'font', rename(v), ctx),
  });
  return ctx;
}

interface CanvasEntry {
  canvas: Canvas | null;
  context: SKRSContext2D | null;
}

/** pdfjs' CanvasFactory (for its scratch canvases: groups, masks, patterns) with font-mapping contexts. */
export class FontCanvasFactory {
  create(width: number, height: number): CanvasEntry {
    if (width <= 0 || height <= 0) throw new Error('Invalid canvas size');
    const canvas = createCanvas(width, height);
    return { canvas, context: mapFonts(canvas.getContext('2d')) };
  }

  reset(entry: CanvasEntry, width: number, height: number): void {
    if (!entry.canvas) throw new Error('Canvas is not specified');
    if (width <= 0 || height <= 0) throw new Error('Invalid canvas size');
    entry.canvas.width = width;
    entry.canvas.height = height;
  }

  destroy(entry: CanvasEntry): void {
    if (!entry.canvas) throw new Error('Canvas is not specified');
    entry.canvas.width = 0;
    entry.canvas.height = 0;
    entry.canvas = null;
    entry.context = null;
  }
}

/** Bytes of font data this thread has registered (they stay registered: see above). */
export function registeredFontBytes(): number {
  return registeredBytes;
}
