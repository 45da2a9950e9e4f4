import crypto from 'node:crypto';
import sharp from 'sharp';
import { writeFileAtomic } from '../../app/atomic-file';
import { encodeGrayPng, grayRows } from './png';

export interface RawImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

/**
 * Writes a page image as a lossless PNG. Grey pages (every text page) get one channel and the
 * run-length PNG encoder of png.ts; colour pages go through sharp with fast settings (zlib level 1,
 * no adaptive filtering). Returns the sha256 of the written file.
 */
export async function writePagePng(img: RawImage, file: string): Promise<string> {
  const rows = grayRows(img.data, img.width, img.height, img.channels);
  let png: Buffer;
  if (rows) png = encodeGrayPng(rows, img.width, img.height);
  else {
    const raw = { raw: { width: img.width, height: img.height, channels: img.channels } };
    const pipeline = img.channels === 4 ? sharp(img.data, raw).removeAlpha() : sharp(img.data, raw);
    png = await pipeline.png({ compressionLevel: 1, adaptiveFiltering: false }).toBuffer();
  }
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
