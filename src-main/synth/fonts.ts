import fs from 'node:fs';
import path from 'node:path';
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import { AppError } from '../shared/errors';

/** Font families shipped in resources/fonts, each registered under a private alias. */
export const FACES = {
  serif: {
    alias: 'RL Serif',
    files: ['LiberationSerif-Regular.ttf', 'LiberationSerif-Bold.ttf', 'LiberationSerif-Italic.ttf'],
  },
  sans: { alias: 'RL Sans', files: ['LiberationSans-Regular.ttf', 'LiberationSans-Bold.ttf'] },
  narrow: { alias: 'RL Narrow', files: ['LiberationSansNarrow-Regular.ttf'] },
  mono: { alias: 'RL Mono', files: ['LiberationMono-Regular.ttf', 'LiberationMono-Bold.ttf'] },
  courier: { alias: 'RL Courier', files: ['FreeMono.ttf', 'FreeMonoBold.ttf'] },
  caladea: { alias: 'RL Caladea', files: ['Caladea-Regular.ttf', 'Caladea-Bold.ttf'] },
  carlito: { alias: 'RL Carlito', files: ['Carlito-Regular.ttf', 'Carlito-Bold.ttf'] },
} as const;

export type FaceKey = keyof typeof FACES;
export const FACE_KEYS = Object.keys(FACES) as FaceKey[];

export interface Font {
  face: FaceKey;
  /** Size in page pixels (em size). */
  size: number;
  bold?: boolean;
  italic?: boolean;
}

export interface FaceMetrics {
  /** Ascent of tall letters and descent of descenders, as fractions of the em size. */
  ascent: number;
  descent: number;
}

let registeredDir: string | null = null;
let measureCtx: SKRSContext2D | null = null;
const metricsCache = new Map<string, FaceMetrics>();

/**
 * Registers the shipped fonts once per thread, always in the same order and under the same
 * aliases, so rendering never depends on the fonts installed on the machine.
 */
export function ensureFonts(fontsDir: string): void {
  if (registeredDir === fontsDir) return;
  if (registeredDir !== null) throw new Error(`fonts already registered from ${registeredDir}`);
  for (const key of FACE_KEYS) {
    for (const file of FACES[key].files) {
      const full = path.join(fontsDir, file);
      if (!fs.existsSync(full)) {
        throw new AppError('NOT_FOUND', `The generator font ${file} is missing from ${fontsDir}. Reinstall the app.`);
      }
      GlobalFonts.registerFromPath(full, FACES[key].alias);
    }
  }
  registeredDir = fontsDir;
  measureCtx = createCanvas(8, 8).getContext('2d');
}

function hasBold(face: FaceKey): boolean {
  return FACES[face].files.length > 1;
}

/** The CSS font string for canvas (`ctx.font`). */
export function css(f: Font): string {
  const italic = f.italic && f.face === 'serif' ? 'italic ' : '';
  const bold = f.bold && hasBold(f.face) ? 'bold ' : '';
  return `${italic}${bold}${f.size.toFixed(2)}px "${FACES[f.face].alias}"`;
}

function ctx(): SKRSContext2D {
  if (!measureCtx) throw new Error('ensureFonts must run before measuring text');
  return measureCtx;
}

const FACE_INDEX = Object.fromEntries(FACE_KEYS.map((k, i) => [k, i])) as Record<FaceKey, number>;
const widthCaches: (Map<string, number> | undefined)[] = [];
const spaceCaches: (Map<number, number> | undefined)[] = [];

function key100(f: Font): string {
  return css({ ...f, size: 100 });
}

/** The width cache of a face/weight/style (an array slot, so no key string is built per call). */
function cacheOf(f: Font): Map<string, number> {
  const i = FACE_INDEX[f.face] * 4 + (f.bold ? 2 : 0) + (f.italic ? 1 : 0);
  let slot = widthCaches[i];
  if (!slot) widthCaches[i] = slot = new Map();
  return slot;
}

/** Advance width of `text` in `f`, in pixels (measured once at 100 px per face and string, then scaled). */
export function textWidth(f: Font, text: string): number {
  const slot = cacheOf(f);
  let w = slot.get(text);
  if (w === undefined) {
    const c = ctx();
    c.font = key100(f);
    w = c.measureText(text).width;
    if (slot.size > 20_000) slot.clear();
    slot.set(text, w);
  }
  return (w * f.size) / 100;
}

/**
 * Width of the space between two words, including the font's kerning of the space with the last
 * letter before it and the first letter after it (cached per letter pair).
 */
export function spaceBetween(f: Font, before: string, after: string): number {
  const i = FACE_INDEX[f.face] * 4 + (f.bold ? 2 : 0) + (f.italic ? 1 : 0);
  let slot = spaceCaches[i];
  if (!slot) spaceCaches[i] = slot = new Map();
  const key = before.charCodeAt(before.length - 1) * 65536 + after.charCodeAt(0);
  let w = slot.get(key);
  if (w === undefined) {
    const a = before.charAt(before.length - 1);
    const b = after.charAt(0);
    const at100 = { ...f, size: 100 };
    w = textWidth(at100, `${a} ${b}`) - textWidth(at100, a) - textWidth(at100, b);
    slot.set(key, w);
  }
  return (w * f.size) / 100;
}

/** Left offsets of each word of a line drawn as one string with single spaces, and its width. */
export function layoutWords(
  f: Font,
  words: readonly string[],
  extraSpace = 0,
): { offsets: number[]; widths: number[]; width: number } {
  const offsets: number[] = [];
  const widths: number[] = [];
  let x = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (i > 0) x += spaceBetween(f, words[i - 1] as string, w) + extraSpace;
    offsets.push(x);
    const wd = textWidth(f, w);
    widths.push(wd);
    x += wd;
  }
  return { offsets, widths, width: x };
}

/** Ascent and descent of the face as fractions of the em size. */
export function faceMetrics(f: Font): FaceMetrics {
  const k = key100(f);
  let m = metricsCache.get(k);
  if (!m) {
    const c = ctx();
    c.font = k;
    const t = c.measureText('Hdfgjklpqy');
    m = { ascent: t.actualBoundingBoxAscent / 100, descent: t.actualBoundingBoxDescent / 100 };
    metricsCache.set(k, m);
  }
  return m;
}

/** Ink extent of `text` drawn at x = 0 on baseline 0: [left, top, right, bottom] in pixels (from the glyph outlines). */
export function inkBounds(f: Font, text: string): [number, number, number, number] {
  const c = ctx();
  c.font = css(f);
  const m = c.measureText(text);
  return [-m.actualBoundingBoxLeft, -m.actualBoundingBoxAscent, m.actualBoundingBoxRight, m.actualBoundingBoxDescent];
}
