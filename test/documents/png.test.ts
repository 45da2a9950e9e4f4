import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { encodeGrayPng, grayRows } from '../../src-main/documents/render/png';

describe('grey PNG encoder', () => {
  it('writes a lossless one-channel PNG that sharp decodes to the same pixels', async () => {
    const w = 37;
    const h = 23;
    const rgba = new Uint8Array(w * h * 4);
    for (let i = 0; i < w * h; i++) {
      const v = (i * 7) % 256;
      rgba.set([v, v, v, 255], i * 4);
    }
    const rows = grayRows(rgba, w, h, 4)!;
    expect(rows).not.toBeNull();
    const png = encodeGrayPng(rows, w, h);
    const meta = await sharp(png).metadata();
    expect([meta.width, meta.height, meta.channels, meta.space]).toEqual([w, h, 1, 'b-w']);
    const data = await sharp(png).extractChannel(0).raw().toBuffer();
    expect([...data]).toEqual(Array.from({ length: w * h }, (_, i) => (i * 7) % 256));
  });

  it('gives up on the first colour pixel, in RGBA and RGB', () => {
    const rgba = new Uint8Array(4 * 4 * 4).fill(200);
    rgba[4 * 9 + 2] = 10; // pixel 9: blue differs
    expect(grayRows(rgba, 4, 4, 4)).toBeNull();
    const rgb = new Uint8Array(4 * 4 * 3).fill(50);
    expect(grayRows(rgb, 4, 4, 3)).not.toBeNull();
    rgb[3 * 15 + 1] = 51;
    expect(grayRows(rgb, 4, 4, 3)).toBeNull();
  });
});
