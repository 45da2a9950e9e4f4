import type { SynthSettings } from '../../shared/contract/synth';
import type { GrayImage } from '../render';
import type { Rng } from '../rng';
import { scanTransform, warp, type Affine } from './geometry';
import { bleedThrough, darkenStrokes, finish, otsuLevel, softBlur, threshold, toneLut } from './filters';

/** What ageing did to a page: the geometric map for the labels, and the effects for the record. */
export interface AgeingResult {
  image: GrayImage;
  /** Page -> image map when the scan was rotated/skewed; null when the geometry is unchanged. */
  transform: Affine | null;
  /** Pixels dark strokes grew by (labels grow by the same). */
  grow: number;
  /** Applied effects, e.g. ["rotate 0.42", "blur 0.6", "jpeg 45"]. */
  effects: string[];
  /** JPEG quality to round-trip through, or null. */
  jpegQuality: number | null;
}

/** Grey levels a bilevel scan must keep apart: light shading stays paper, grey redactions stay ink. */
export interface KeepLevels {
  paleShade: number | null;
  palestRedaction: number | null;
}

/**
 * Scan ageing on the raw grey buffer. Labels stay exact: only the geometric step moves pixels,
 * and it is returned so boxes can be transformed and re-fitted; stroke growth is reported.
 */
export function agePage(
  src: GrayImage,
  s: SynthSettings,
  r: Rng,
  keep: KeepLevels = { paleShade: null, palestRedaction: null },
): AgeingResult {
  const k = s.ageing;
  const effects: string[] = [];
  let img = src;
  let grow = 0;
  if (k > 0 && r.chance(0.25 * k)) {
    const a = r.range(0.04, 0.14) * k;
    bleedThrough(img, a, r.int(-40, 40));
    effects.push(`bleed ${a.toFixed(2)}`);
  }
  if (k > 0 && r.chance(0.2 * k)) {
    darkenStrokes(img);
    grow = 1;
    effects.push('photocopy');
  }
  let transform: Affine | null = null;
  if (s.maxRotationDeg > 0 && r.chance(0.75)) {
    const deg = Math.max(-s.maxRotationDeg, Math.min(s.maxRotationDeg, r.normal(s.maxRotationDeg / 2.2)));
    const shear = r.chance(0.3) ? r.normal(0.004) : 0;
    const scale = 1 + r.normal(0.008);
    const dx = r.normal(img.width * 0.006);
    const dy = r.normal(img.height * 0.006);
    transform = scanTransform(img.width, img.height, deg, shear, scale, dx, dy);
    // outside the page: a dark scanner lid or white
    const bg = r.chance(0.3) ? Math.round(r.range(10, 90)) : 255;
    img = warp(img, transform, bg);
    effects.push(`rotate ${deg.toFixed(2)}`);
  }
  if (k > 0 && r.chance(0.7)) {
    const amt = r.range(0.3, 1) * Math.min(1, k * 1.5);
    softBlur(img, amt);
    effects.push(`blur ${amt.toFixed(2)}`);
  }
  let tone = (v: number): number => v;
  let noise = 0;
  if (k > 0) {
    const paper = Math.round(255 - r.range(0, 30) * k);
    const ink = Math.round(r.range(0, 45) * k);
    const gamma = Math.exp(r.normal(0.25 * k));
    const gain = r.chance(0.4 * k) ? illumination(img.width, img.height, k, r) : null;
    const amp = r.range(2, 22) * k;
    const lut = toneLut(paper, ink, gamma);
    tone = (v) => lut[Math.round(v)] as number;
    noise = amp;
    finish(img, { lut, gain, noise: amp, seed: r.u32() });
    effects.push(`tone ${paper}/${ink}/${gamma.toFixed(2)}`, `noise ${amp.toFixed(1)}`);
    if (gain) effects.push('light');
    speckle(img, r, Math.round(r.range(0, 600) * k * k));
    if (r.chance(0.15 * k)) streaks(img, r);
  }
  if (r.chance(s.bilevel)) {
    // around the level that separates ink from paper, so text thins or thickens but survives;
    // light shading must not turn into black boxes (they would look like unlabelled redactions)
    // nor grey redactions vanish (labelled boxes with nothing to see)
    const wanted = Math.max(40, Math.min(220, otsuLevel(img) + r.range(-25, 15)));
    const margin = 20 + noise;
    const lo = Math.max(40, keep.palestRedaction === null ? 0 : tone(keep.palestRedaction) + margin);
    const hi = keep.paleShade === null ? 255 : tone(keep.paleShade) - margin;
    if (lo <= hi) {
      threshold(img, Math.min(hi, Math.max(lo, wanted)));
      effects.push('bilevel');
    }
  }
  const jpegQuality = r.chance(s.jpeg) ? r.int(25, 80) : null;
  if (jpegQuality) effects.push(`jpeg ${jpegQuality}`);
  return { image: img, transform, grow, effects, jpegQuality };
}

/** Gains for uneven light: a gradient from one side and a vignette towards the corners. */
function illumination(w: number, h: number, k: number, r: Rng): { gx: Float32Array; gy: Float32Array } {
  const amp = r.range(0.05, 0.25) * k;
  const gx = new Float32Array(w);
  const gy = new Float32Array(h);
  const fromLeft = r.chance(0.5);
  const vig = r.range(0, amp);
  for (let x = 0; x < w; x++) gx[x] = 1 - amp * (fromLeft ? x / w : 1 - x / w) - vig * ((2 * x) / w - 1) ** 4;
  for (let y = 0; y < h; y++) gy[y] = 1 - vig * ((2 * y) / h - 1) ** 4;
  if (r.chance(0.35)) {
    // the shadow of a binding or of a page that did not lie flat, along one edge
    const depth = r.range(0.15, 0.6);
    const reach = w * r.range(0.008, 0.04);
    const left = r.chance(0.5);
    for (let x = 0; x < w; x++) gx[x] = (gx[x] as number) * (1 - depth * Math.exp(-(left ? x : w - 1 - x) / reach));
  }
  return { gx, gy };
}

/** Dust: small dark (and a few white) dots and specks. */
function speckle(img: GrayImage, r: Rng, count: number): void {
  const { width: w, height: h, data } = img;
  for (let i = 0; i < count; i++) {
    const x = r.int(0, w - 3);
    const y = r.int(0, h - 3);
    const size = r.chance(0.85) ? 1 : r.int(2, 3);
    const v = r.chance(0.85) ? r.int(0, 110) : 255;
    for (let dy = 0; dy < size; dy++)
      for (let dx = 0; dx < size; dx++) if (dx + dy < size + 1) data[(y + dy) * w + x + dx] = v;
  }
}

/** Scanner-glass dirt: faint vertical lines. */
function streaks(img: GrayImage, r: Rng): void {
  const { width: w, height: h, data } = img;
  for (let i = 0, n = r.int(1, 3); i < n; i++) {
    const x = r.int(0, w - 1);
    const dark = r.int(15, 70);
    const y0 = r.chance(0.5) ? 0 : r.int(0, h - 1);
    const y1 = r.chance(0.5) ? h : r.int(y0, h);
    for (let y = y0; y < y1; y++) data[y * w + x] = Math.max(0, (data[y * w + x] as number) - dark);
  }
}
