import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { refit, scanTransform, warp } from '../../src-main/synth/ageing/geometry';
import { encodeGrayPng } from '../../src-main/synth/png';
import { Rng } from '../../src-main/synth/rng';

describe('encodeGrayPng', () => {
  it('writes a greyscale PNG that decodes to the same pixels and carries its dpi', async () => {
    const r = new Rng(1);
    const width = 37;
    const height = 23;
    const data = new Uint8Array(width * height).map(() => r.int(0, 255));
    const png = encodeGrayPng({ width, height, data }, 150);
    const out = await sharp(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    expect(out.info).toMatchObject({ width, height, channels: 1 });
    expect(Buffer.from(out.data).equals(Buffer.from(data))).toBe(true);
    const meta = await sharp(png).metadata();
    expect(Math.round(meta.density ?? 0)).toBe(150);
  });
});

describe('scan geometry', () => {
  it('refits a rotated box around the rotated corners, grown and rounded outward', () => {
    const m = scanTransform(1000, 1000, 90, 0, 1, 0, 0);
    // a 90 degree turn about the centre maps (100, 200)-(300, 260) onto x 740..800, y 100..300
    expect(refit([100, 200, 300, 200, 300, 260, 100, 260], m, 1000, 1000, 0.5)).toEqual([739, 99, 801, 301]);
    expect(refit([100, 200, 300, 200, 300, 260, 100, 260], null, 1000, 1000)).toEqual([100, 200, 300, 260]);
    expect(refit([-50, -50, -10, -10], null, 1000, 1000)).toBeNull();
  });

  it('warps an image so that a dark square lands where the transform sends it', () => {
    const w = 200;
    const h = 200;
    const data = new Uint8Array(w * h).fill(255);
    for (let y = 40; y < 60; y++) for (let x = 120; x < 150; x++) data[y * w + x] = 0;
    const m = scanTransform(w, h, 2, 0.003, 1.01, 3, -2);
    const out = warp({ width: w, height: h, data }, m, 255);
    const box = refit([120, 40, 150, 40, 150, 60, 120, 60], m, w, h, 0.5)!;
    let inside = 0;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        if ((out.data[y * w + x] as number) >= 128) continue;
        expect(
          x >= box[0] && x < box[2] && y >= box[1] && y < box[3],
          `dark pixel ${x},${y} outside ${box.join(',')}`,
        ).toBe(true);
        inside++;
      }
    }
    expect(inside).toBeGreaterThan(500);
  });
});
