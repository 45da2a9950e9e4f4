import { luminance, DARK_LUMINANCE } from './colors';

/** pdfjs image kinds (ImageKind): 1 bit grey, 8-bit RGB, 8-bit RGBA. */
const GRAYSCALE_1BPP = 1;
const RGB_24BPP = 2;
const RGBA_32BPP = 3;

interface ImageData {
  width?: unknown;
  height?: unknown;
  kind?: unknown;
  data?: unknown;
}

/** Share of an image's pixels that are dark (0..1), from up to ~20 000 samples; null when unknown. */
export function darkShare(img: unknown): number | null {
  if (!img || typeof img !== 'object') return null;
  const { width, height, kind, data } = img as ImageData;
  if (typeof width !== 'number' || typeof height !== 'number' || width <= 0 || height <= 0) return null;
  if (!data || !ArrayBuffer.isView(data)) return null;
  const bytes = data as Uint8Array;
  const step = Math.max(1, Math.floor(Math.sqrt((width * height) / 20000)));
  let dark = 0;
  let seen = 0;
  for (let y = 0; y < height; y += step) {
    for (let x = 0; x < width; x += step) {
      const l = pixelLuminance(bytes, kind, width, x, y);
      if (l === null) return null;
      seen++;
      if (l <= DARK_LUMINANCE) dark++;
    }
  }
  return seen ? dark / seen : null;
}

function pixelLuminance(d: Uint8Array, kind: unknown, width: number, x: number, y: number): number | null {
  if (kind === GRAYSCALE_1BPP) {
    const rowBytes = (width + 7) >> 3;
    const byte = d[y * rowBytes + (x >> 3)];
    if (byte === undefined) return null;
    return byte & (128 >> (x & 7)) ? 255 : 0;
  }
  const n = kind === RGB_24BPP ? 3 : kind === RGBA_32BPP ? 4 : 0;
  if (!n) return null;
  const i = (y * width + x) * n;
  const r = d[i];
  const g = d[i + 1];
  const b = d[i + 2];
  if (r === undefined || g === undefined || b === undefined) return null;
  return luminance([r, g, b]);
}
