import type { Rng } from '../engine/rng';
import { boxToInput, compose, type FittedPage, type Placement } from './letterbox';
import type { PageBox } from './coco-dataset';

/** Augmentations that keep every label exact: nothing is cropped, padding is paper-coloured. */
export interface AugmentConfig {
  /** Master switch (validation and inference use none). */
  enabled: boolean;
  /** Smallest random shrink of the page inside the input (1: never shrink). */
  minScale: number;
  /** Probability of a horizontal flip (boxes flip with the page). */
  flipProb: number;
  /** Brightness, contrast, grey and noise jitter. */
  photometric: boolean;
}

export const DEFAULT_AUGMENT: AugmentConfig = { enabled: true, minScale: 0.7, flipProb: 0.5, photometric: true };
export const NO_AUGMENT: AugmentConfig = { enabled: false, minScale: 1, flipProb: 0, photometric: false };

/** A model input with its boxes in input pixels and how page pixels map to it. */
export interface PreparedImage {
  /** [size, size, 3] RGB bytes */
  rgb: Uint8Array;
  boxes: PageBox[];
  placement: Placement;
  /** The page's own size in pixels. */
  pageW: number;
  pageH: number;
}

/**
 * Places a fitted page into the square input: at the top left unaugmented; augmented, shrunk by a
 * random factor and shifted to a random spot of the free area, maybe flipped, then photometric
 * jitter. Boxes are mapped exactly; boxes that end up thinner than 1 px are dropped.
 */
export function prepareImage(
  page: FittedPage,
  boxes: PageBox[],
  size: number,
  aug: AugmentConfig,
  rng: Rng | null,
): PreparedImage {
  let shrink = 1;
  let dx = 0;
  let dy = 0;
  let flip = false;
  if (aug.enabled && rng) {
    shrink = rng.next() < 0.5 ? rng.uniform(aug.minScale, 1) : 1;
    const w = Math.round(page.w * shrink);
    const h = Math.round(page.h * shrink);
    dx = rng.int(Math.max(1, size - w + 1));
    dy = rng.int(Math.max(1, size - h + 1));
    flip = rng.next() < aug.flipProb;
  }
  const rgb = compose(page, size, shrink, dx, dy, flip);
  const drawnW = Math.min(size - dx, Math.round(page.w * shrink));
  const placement: Placement = { scale: page.scale * shrink, dx, dy, flip };
  const mapped = boxes
    .map((b) => ({ box: boxToInput(b.box, placement, size, drawnW), cls: b.cls }))
    .filter((b) => b.box[2] - b.box[0] >= 1 && b.box[3] - b.box[1] >= 1);
  if (aug.enabled && aug.photometric && rng) photometric(rgb, rng);
  return { rgb, boxes: mapped, placement, pageW: page.pageW, pageH: page.pageH };
}

/** Noise values reused at random offsets (drawing per pixel cost as much as a training step's share). */
const NOISE = ((): Float32Array => {
  const n = new Float32Array(65536);
  let s = 0x9e3779b9;
  for (let i = 0; i < n.length; i++) {
    let acc = 0;
    for (let k = 0; k < 3; k++) {
      s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
      acc += s / 4294967296;
    }
    n[i] = (acc - 1.5) * 2;
  }
  return n;
})();

/** Brightness/contrast jitter, sometimes grey, sometimes sensor noise; in place. */
function photometric(rgb: Uint8Array, rng: Rng): void {
  const contrast = rng.uniform(0.75, 1.25);
  const bright = rng.uniform(-20, 20);
  const grey = rng.next() < 0.3;
  const noise = rng.next() < 0.3 ? rng.uniform(2, 8) : 0;
  let k = rng.int(NOISE.length);
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) lut[v] = Math.max(0, Math.min(255, Math.round((v - 128) * contrast + 128 + bright)));
  for (let i = 0; i < rgb.length; i += 3) {
    let r = lut[rgb[i]!]!;
    let g = lut[rgb[i + 1]!]!;
    let b = lut[rgb[i + 2]!]!;
    if (grey) r = g = b = (0.299 * r + 0.587 * g + 0.114 * b + 0.5) | 0;
    if (noise) {
      const n = NOISE[k]! * noise;
      k = (k + 1) & 0xffff;
      r = clampByte(r + n);
      g = clampByte(g + n);
      b = clampByte(b + n);
    }
    rgb[i] = r;
    rgb[i + 1] = g;
    rgb[i + 2] = b;
  }
}

function clampByte(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}
