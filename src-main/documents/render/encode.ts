import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

/**
 * True when every pixel has r = g = b (alpha ignored): the page can be stored as a one-channel
 * PNG, which is about twice as fast to write and half the size. Stops at the first colour pixel.
 */
export function isGray(data: Uint8Array, channels: number): boolean {
  if (channels === 4 && data.byteOffset % 4 === 0) {
    const u32 = new Uint32Array(data.buffer, data.byteOffset, data.length >>> 2);
    for (let i = 0; i < u32.length; i++) {
      const v = u32[i]!;
      if ((v & 0xffffff) !== (v & 0xff) * 0x010101) return false;
    }
    return true;
  }
  if (channels < 3) return true;
  for (let i = 0; i < data.length; i += channels) {
    if (data[i] !== data[i + 1] || data[i] !== data[i + 2]) return false;
  }
  return true;
}

export interface RawImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

/**
 * Writes a page image as a lossless PNG with fast settings (zlib level 1, no adaptive filtering:
 * several times faster than the defaults for about 15% more bytes). Grey pages are stored with
 * one channel. Returns the sha256 of the written file.
 */
export async function writePagePng(img: RawImage, file: string): Promise<string> {
  const raw = { raw: { width: img.width, height: img.height, channels: img.channels } };
  let pipeline = sharp(img.data, raw);
  if (img.channels >= 3 && isGray(img.data, img.channels)) pipeline = pipeline.extractChannel(0);
  else if (img.channels === 4) pipeline = pipeline.removeAlpha();
  const png = await pipeline.png({ compressionLevel: 1, adaptiveFiltering: false }).toBuffer();
  await writeFileAtomic(file, png);
  return crypto.createHash('sha256').update(png).digest('hex');
}

/** Writes a JPEG thumbnail `width` pixels wide from raw pixels (used for images; PDFs thumbnail from the canvas). */
export async function writeThumbFromRaw(img: RawImage, width: number, file: string): Promise<void> {
  const raw = { raw: { width: img.width, height: img.height, channels: img.channels } };
  const w = Math.min(width, img.width);
  let pipeline = sharp(img.data, raw).resize({ width: w, kernel: 'linear' });
  if (img.channels === 4 || img.channels === 2) pipeline = pipeline.removeAlpha();
  const jpg = await pipeline.jpeg({ quality: 75 }).toBuffer();
  await writeFileAtomic(file, jpg);
}

/** Writes to a temporary name and renames, so a crash never leaves half a file under the real name. */
export async function writeFileAtomic(file: string, data: Uint8Array): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  await fs.promises.writeFile(tmp, data);
  await fs.promises.rename(tmp, file);
}
