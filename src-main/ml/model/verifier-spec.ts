/**
 * The exemption-code verifier: a second look at each `exemption_label` detection. The detector
 * sees a page at stride 8 and mistakes short marks beside a bar ("14.", "N/A", "Encl.", initials,
 * check marks) for codes; this small network reads the box itself, cut out of the same input
 * image at about two pixels per input pixel, and says whether it holds an exemption code. Its
 * probability p rescores the detection: score^(1-a) * p^a.
 *
 * This file holds what needs no TensorFlow (crops, layer shapes); `label-verifier.ts` the network.
 */
import type { InkImage } from './snap';

/** Crop size fed to the network (rows, columns). */
export const CROP_H = 24;
export const CROP_W = 128;
/** The crop reaches this share of the box's height above and below it, and beside it. */
const PAD_Y = 0.3;
const PAD_X = 0.6;

/**
 * The box [x0, y0, x1, y1] (pixels of `img`) with a margin, resampled (bilinear) so its height
 * fills CROP_H rows; a long box is squeezed into CROP_W columns, a short one centred. Values are
 * ink: 0 for paper, 1 for black.
 */
export function verifierCrop(img: InkImage, box: readonly number[], out = new Float32Array(CROP_H * CROP_W)) {
  const { data, width, height, channels } = img;
  const h = Math.max(2, box[3]! - box[1]!);
  const y0 = box[1]! - PAD_Y * h;
  const y1 = box[3]! + PAD_Y * h;
  const x0 = box[0]! - PAD_X * h;
  const x1 = box[2]! + PAD_X * h;
  const sy = (y1 - y0) / CROP_H;
  const wantW = (x1 - x0) / sy;
  const cols = Math.min(CROP_W, Math.max(1, Math.round(wantW)));
  const sx = (x1 - x0) / cols;
  const left = Math.floor((CROP_W - cols) / 2);
  const ink = (x: number, y: number): number => {
    if (x < 0 || y < 0 || x >= width || y >= height) return 0;
    const o = (y * width + x) * channels;
    const v = channels === 3 ? (data[o]! + data[o + 1]! + data[o + 2]!) / 3 : data[o]!;
    return 1 - v / 255;
  };
  out.fill(0);
  for (let r = 0; r < CROP_H; r++) {
    const fy = y0 + (r + 0.5) * sy - 0.5;
    const iy = Math.floor(fy);
    const ty = fy - iy;
    for (let c = 0; c < cols; c++) {
      const fx = x0 + (c + 0.5) * sx - 0.5;
      const ix = Math.floor(fx);
      const tx = fx - ix;
      const top = ink(ix, iy) * (1 - tx) + ink(ix + 1, iy) * tx;
      const bottom = ink(ix, iy + 1) * (1 - tx) + ink(ix + 1, iy + 1) * tx;
      out[r * CROP_W + left + c] = top * (1 - ty) + bottom * ty;
    }
  }
  return out;
}

/**
 * Classes whose rescored detections are pruned when they overlap a better one by more than this
 * share of the smaller box. A piece of a code reads as a code too ("b7D" of "b7D -2", "(b)(6)" of
 * "(b)(6), (b)(7)(C)"), and codes do not nest: on 200 validation pages exemption AP50 0.825 ->
 * 0.840 (0.3 and 0.5 alike). Redactions keep their overlaps (pruning them cost 0.002 AP50 there).
 */
export const PRUNE_OVERLAP: Readonly<Record<string, number>> = { exemption_label: 0.5 };

/** Layers: [kernel, in, out, stride]; the last feeds a mean+max pool and one logit. */
export const LAYERS: [number, number, number, number][] = [
  [3, 1, 16, 1],
  [3, 16, 24, 2],
  [3, 24, 32, 1],
  [3, 32, 48, 2],
  [3, 48, 64, 1],
  [3, 64, 64, 2],
];

export interface VerifierParamSpec {
  name: string;
  shape: number[];
}

export function verifierSpecs(): VerifierParamSpec[] {
  const specs: VerifierParamSpec[] = [];
  LAYERS.forEach(([k, cin, cout], i) => {
    specs.push({ name: `c${i}.w`, shape: [k, k, cin, cout] }, { name: `c${i}.b`, shape: [cout] });
  });
  const last = LAYERS[LAYERS.length - 1]![2];
  specs.push({ name: 'fc.w', shape: [2 * last, 1] }, { name: 'fc.b', shape: [1] });
  return specs;
}

/** Number of values in a verifier's weights. */
export function verifierSize(): number {
  return verifierSpecs().reduce((a, s) => a + s.shape.reduce((x, y) => x * y, 1), 0);
}

/** A detection's score after the verifier's probability p: score^(1-a) * p^a. */
export function verifiedScore(score: number, p: number, a: number): number {
  return Math.pow(score, 1 - a) * Math.pow(p, a);
}
