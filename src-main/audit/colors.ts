/** An sRGB colour with channels 0..255. */
export type Rgb = [number, number, number];

/** Parses the colours pdfjs hands out ('#rrggbb'); anything else (patterns, 'transparent') is null. */
export function parseColor(v: unknown): Rgb | null {
  if (typeof v !== 'string') return null;
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(v);
  if (!m) return null;
  return [parseInt(m[1] ?? '0', 16), parseInt(m[2] ?? '0', 16), parseInt(m[3] ?? '0', 16)];
}

/** ITU-R BT.601 perceived brightness, 0 (black) .. 255 (white). */
export function luminance(c: Rgb): number {
  return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2];
}

/** Dark enough to hide text: black, dark grey, navy; not white or bright design colours. */
export const DARK_LUMINANCE = 100;

export function isDark(c: Rgb | null): boolean {
  return c !== null && luminance(c) <= DARK_LUMINANCE;
}

/** Two colours a reader cannot tell apart (text drawn in the box's own colour is invisible). */
export function sameColor(a: Rgb | null, b: Rgb | null, tolerance = 8): boolean {
  if (!a || !b) return false;
  return Math.abs(a[0] - b[0]) <= tolerance && Math.abs(a[1] - b[1]) <= tolerance && Math.abs(a[2] - b[2]) <= tolerance;
}

/** Colour components from a Gray / RGB / CMYK operator (0..1 each) as sRGB, for raw operands. */
export function fromComponents(c: readonly number[]): Rgb | null {
  const k = (v: number): number => Math.round(Math.min(1, Math.max(0, v)) * 255);
  if (c.length === 1) return [k(c[0] ?? 0), k(c[0] ?? 0), k(c[0] ?? 0)];
  if (c.length === 3) return [k(c[0] ?? 0), k(c[1] ?? 0), k(c[2] ?? 0)];
  if (c.length === 4) {
    const [cy = 0, m = 0, y = 0, bk = 0] = c;
    return [k((1 - cy) * (1 - bk)), k((1 - m) * (1 - bk)), k((1 - y) * (1 - bk))];
  }
  return null;
}
