import fs from 'node:fs';
import path from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_AUGMENT, NO_AUGMENT, prepareImage } from '../../../src-main/ml/data/augment';
import { boxToPage, fitPage, type FittedPage } from '../../../src-main/ml/data/letterbox';
import { Rng } from '../../../src-main/ml/engine/rng';
import { tmpDir } from '../../helpers/tmp';

const PAPER = [236, 230, 214];

/** A landscape 300×200 page in an off-white paper colour with one black bar at (40..260, 90..100). */
function page(dir: string): string {
  const c = createCanvas(300, 200);
  const ctx = c.getContext('2d');
  ctx.fillStyle = `rgb(${PAPER.join(',')})`;
  ctx.fillRect(0, 0, 300, 200);
  ctx.fillStyle = '#000';
  ctx.fillRect(40, 90, 220, 10);
  const file = path.join(dir, 'page.png');
  fs.writeFileSync(file, c.toBuffer('image/png'));
  return file;
}

const pixel = (rgb: Uint8Array, size: number, x: number, y: number) =>
  Array.from(rgb.subarray((y * size + x) * 3, (y * size + x) * 3 + 3));

describe('letterboxing', () => {
  const tmp = tmpDir();
  let fitted: FittedPage;
  const bar = { box: [40, 90, 260, 100] as [number, number, number, number], cls: 0 };
  beforeAll(async () => {
    fitted = await fitPage(page(tmp.dir), 150);
  });
  afterAll(() => tmp.cleanup());

  it('fits the longer side to the input size, keeping the aspect ratio', () => {
    expect([fitted.w, fitted.h, fitted.pageW, fitted.pageH]).toEqual([150, 100, 300, 200]);
    expect(fitted.scale).toBeCloseTo(0.5);
    expect(fitted.paper).toEqual(PAPER);
  });

  it('pads with the paper colour, never with zeros', () => {
    const p = prepareImage(fitted, [bar], 160, NO_AUGMENT, null);
    expect(pixel(p.rgb, 160, 155, 5)).toEqual(PAPER);
    expect(pixel(p.rgb, 160, 5, 150)).toEqual(PAPER);
    expect(p.boxes[0]!.box).toEqual([20, 45, 130, 50]);
    expect(pixel(p.rgb, 160, 75, 47)).toEqual([0, 0, 0]);
  });

  it('keeps every box whole and exact under augmentation (shrink, shift, flip)', () => {
    for (let seed = 1; seed < 40; seed++) {
      const p = prepareImage(fitted, [bar], 160, { ...DEFAULT_AUGMENT, photometric: false }, new Rng(seed));
      const [x0, y0, x1, y1] = p.boxes[0]!.box;
      expect(x1 - x0).toBeCloseTo(220 * p.placement.scale, 3);
      expect(y1 - y0).toBeCloseTo(10 * p.placement.scale, 3);
      expect(x0).toBeGreaterThanOrEqual(0);
      expect(x1).toBeLessThanOrEqual(160);
      // The middle of the mapped box is still black ink.
      const [r] = pixel(p.rgb, 160, Math.floor((x0 + x1) / 2), Math.floor((y0 + y1) / 2));
      expect(r).toBeLessThan(60);
    }
  });

  it('maps detections back to page pixels', () => {
    expect(boxToPage([20, 45, 130, 50], 0.5, 300, 200)).toEqual([40, 90, 260, 100]);
    expect(boxToPage([-5, 0, 500, 500], 0.5, 300, 200)).toEqual([0, 0, 300, 200]);
  });

  it('refuses a file that is not an image with a readable error', async () => {
    const bad = path.join(tmp.dir, 'bad.png');
    fs.writeFileSync(bad, 'not a png');
    await expect(fitPage(bad, 64)).rejects.toMatchObject({ code: 'CORRUPT_FILE' });
  });
});
