import type { GrayImage } from '../render';

/** Pixel filters on grey images. Every one is a few linear passes over a typed array. */

/** Scratch buffers reused from page to page (a worker makes pages one after another). */
const scratch = new Map<string, Uint8Array | Uint16Array>();

function scratch16(key: string, n: number): Uint16Array {
  let a = scratch.get(key);
  if (!(a instanceof Uint16Array) || a.length !== n) scratch.set(key, (a = new Uint16Array(n)));
  return a;
}

function scratch8(key: string, n: number): Uint8Array {
  let a = scratch.get(key);
  if (!(a instanceof Uint8Array) || a.length !== n) scratch.set(key, (a = new Uint8Array(n)));
  return a;
}

/** Separable box blur of radius `rad` (window 2*rad+1): row sums, then a running column sum; in place. */
export function boxBlur(img: GrayImage, rad: number): void {
  if (rad < 1) return;
  const { width: w, height: h, data } = img;
  const rows = scratch16('box', w * h);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let sum = 0;
    for (let k = -rad; k <= rad; k++) sum += data[row + Math.min(w - 1, Math.max(0, k))] as number;
    for (let x = 0; x < w; x++) {
      rows[row + x] = sum;
      sum += (data[row + Math.min(w - 1, x + rad + 1)] as number) - (data[row + Math.max(0, x - rad)] as number);
    }
  }
  const col = new Uint32Array(w);
  for (let k = -rad; k <= rad; k++) {
    const r = Math.min(h - 1, Math.max(0, k)) * w;
    for (let x = 0; x < w; x++) col[x] = (col[x] as number) + (rows[r + x] as number);
  }
  const inv = 1 / ((2 * rad + 1) * (2 * rad + 1));
  for (let y = 0; y < h; y++) {
    const row = y * w;
    const add = Math.min(h - 1, y + rad + 1) * w;
    const sub = Math.max(0, y - rad) * w;
    for (let x = 0; x < w; x++) {
      const c = col[x] as number;
      data[row + x] = (c * inv + 0.5) | 0;
      col[x] = c + (rows[add + x] as number) - (rows[sub + x] as number);
    }
  }
}

/** Soft blur: a 3x3 box blur mixed with the original by `amount` (0..1), row by row; in place. */
export function softBlur(img: GrayImage, amount: number): void {
  if (amount <= 0) return;
  const { width: w, height: h, data } = img;
  const rows = scratch16('soft', w * h);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    rows[row] = 2 * (data[row] as number) + (data[row + 1] as number);
    for (let x = 1; x < w - 1; x++)
      rows[row + x] = (data[row + x - 1] as number) + (data[row + x] as number) + (data[row + x + 1] as number);
    rows[row + w - 1] = 2 * (data[row + w - 1] as number) + (data[row + w - 2] as number);
  }
  const k = Math.round(amount * 256);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    const up = Math.max(0, y - 1) * w;
    const dn = Math.min(h - 1, y + 1) * w;
    for (let x = 0; x < w; x++) {
      const blur = (((rows[up + x] as number) + (rows[row + x] as number) + (rows[dn + x] as number)) * 7282) >> 16;
      const o = data[row + x] as number;
      data[row + x] = o + (((blur - o) * k) >> 8);
    }
  }
}

/** Paper and ink levels with a gamma: 255 -> paper, 0 -> ink. */
export function toneLut(paper: number, ink: number, gamma: number): Uint8Array {
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++)
    lut[v] = Math.max(0, Math.min(255, Math.round(ink + (paper - ink) * Math.pow(v / 255, gamma))));
  return lut;
}

const CLAMP = (() => {
  const t = new Uint8Array(1024);
  for (let i = 0; i < 1024; i++) t[i] = Math.max(0, Math.min(255, i - 384));
  return t;
})();

export interface FinishOptions {
  /** Tone curve: 256 entries (paper, ink, gamma). */
  lut: Uint8Array;
  /** Separable illumination gains per column and row (1 = unchanged), or null. */
  gain: { gx: Float32Array; gy: Float32Array } | null;
  /** Noise amplitude (triangular, +-amp grey levels) and its seed. */
  noise: number;
  seed: number;
}

/**
 * One pass doing tone curve, uneven illumination and sensor noise; in place. Noise takes two
 * random bytes per pixel from an inline xorshift stream.
 */
export function finish(img: GrayImage, o: FinishOptions): void {
  const { width: w, height: h, data: d } = img;
  const table = new Int16Array(511);
  for (let i = 0; i < 511; i++) table[i] = Math.round(((i - 255) / 255) * Math.min(o.noise, 127)) + 384;
  const lut = o.lut;
  let s = o.seed | 0 || 0x9e3779b9;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    const gy = o.gain ? (o.gain.gy[y] as number) : 1;
    const gx = o.gain?.gx;
    for (let x = 0; x < w; x += 2) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      const i = row + x;
      let v = lut[d[i] as number] as number;
      if (gx) v = (v * gy * (gx[x] as number)) | 0;
      d[i] = CLAMP[v + (table[(s & 0xff) + ((s >>> 8) & 0xff)] as number)] as number;
      if (x + 1 < w) {
        let v2 = lut[d[i + 1] as number] as number;
        if (gx) v2 = (v2 * gy * (gx[x + 1] as number)) | 0;
        d[i + 1] = CLAMP[v2 + (table[((s >>> 16) & 0xff) + (s >>> 24)] as number)] as number;
      }
    }
  }
}

/** Grey-level erosion of the paper (dark strokes grow by one pixel): photocopied, inky look. */
export function darkenStrokes(img: GrayImage): void {
  const { width: w, height: h, data } = img;
  const tmp = scratch8('erode', data.length);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const a = data[row + Math.max(0, x - 1)] as number;
      const b = data[row + x] as number;
      const c = data[row + Math.min(w - 1, x + 1)] as number;
      tmp[row + x] = a < b ? (a < c ? a : c) : b < c ? b : c;
    }
  }
  for (let y = 0; y < h; y++) {
    const up = Math.max(0, y - 1) * w;
    const row = y * w;
    const dn = Math.min(h - 1, y + 1) * w;
    for (let x = 0; x < w; x++) {
      const a = tmp[up + x] as number;
      const b = tmp[row + x] as number;
      const c = tmp[dn + x] as number;
      data[row + x] = a < b ? (a < c ? a : c) : b < c ? b : c;
    }
  }
}

/** Show-through of the back page: the page mirrored, blurred and faded in under the ink. */
export function bleedThrough(img: GrayImage, alpha: number, shift: number): void {
  const { width: w, height: h, data } = img;
  const back: GrayImage = { width: w, height: h, data: scratch8('back', w * h) };
  for (let y = 0; y < h; y++) {
    const sy = Math.min(h - 1, Math.max(0, y + shift));
    const src = sy * w;
    const row = y * w;
    for (let x = 0; x < w; x++) back.data[row + x] = data[src + (w - 1 - x)] as number;
  }
  boxBlur(back, 2);
  const k = Math.round(alpha * 256);
  for (let i = 0; i < data.length; i++) {
    const shade = 255 - (((255 - (back.data[i] as number)) * k) >> 8);
    if (shade < (data[i] as number)) data[i] = shade;
  }
}

/** Otsu's threshold: the grey level that best separates ink from paper in the histogram. */
export function otsuLevel(img: GrayImage): number {
  const hist = new Float64Array(256);
  const d = img.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i] as number;
    hist[v] = (hist[v] as number) + 1;
  }
  let sum = 0;
  for (let v = 0; v < 256; v++) sum += v * (hist[v] as number);
  let wB = 0;
  let sumB = 0;
  let best = 0;
  let level = 128;
  for (let v = 0; v < 256; v++) {
    wB += hist[v] as number;
    if (wB === 0) continue;
    const wF = d.length - wB;
    if (wF === 0) break;
    sumB += v * (hist[v] as number);
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) {
      best = between;
      level = v;
    }
  }
  return level;
}

/** Black-and-white scan: threshold with a small ordered jitter; in place. */
export function threshold(img: GrayImage, level: number): void {
  const { width: w, height: h, data } = img;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const j = ((x * 7 + y * 13) & 7) - 3.5;
      data[row + x] = (data[row + x] as number) < level + j ? 0 : 255;
    }
  }
}
