import type { Box } from '../../src-main/shared/boxes';
import type { SynthAnnotation } from '../../src-main/shared/contract/synth';
import type { GrayImage } from '../../src-main/synth/render';

/** True when pixel (x, y) lies in the half-open integer box [x0, x1) x [y0, y1). */
export function inBox(b: Box, x: number, y: number): boolean {
  return x >= b[0] && x < b[2] && y >= b[1] && y < b[3];
}

/** Fraction of the box's pixels darker than `level`. */
export function darkFraction(img: GrayImage, b: Box, level = 100): number {
  let dark = 0;
  let n = 0;
  for (let y = b[1]; y < b[3]; y++) {
    for (let x = b[0]; x < b[2]; x++) {
      n++;
      if ((img.data[y * img.width + x] as number) < level) dark++;
    }
  }
  return n === 0 ? 0 : dark / n;
}

/**
 * Pixels that drawing the redactions made dark (dark in `full`, much lighter in `bare`), and how
 * many of them no redaction or exemption-label box contains.
 */
export function darkenedOutside(
  full: GrayImage,
  bare: GrayImage,
  boxes: SynthAnnotation[],
): { darkened: number; outside: { x: number; y: number }[] } {
  const keep = boxes.filter((a) => a.class !== 'content').map((a) => a.box);
  let darkened = 0;
  const outside: { x: number; y: number }[] = [];
  for (let y = 0; y < full.height; y++) {
    for (let x = 0; x < full.width; x++) {
      const i = y * full.width + x;
      const f = full.data[i] as number;
      if (f < 128 && (bare.data[i] as number) - f > 60) {
        darkened++;
        if (!keep.some((b) => inBox(b, x, y))) outside.push({ x, y });
      }
    }
  }
  return { darkened, outside };
}
