import zlib from 'node:zlib';
import type { GrayImage } from './render';

/** A minimal, fast and deterministic PNG encoder for 8-bit grey images (no row filter, run-length deflate). */

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** CRC-32 of `buf[start..end)`: zlib's native one where Node has it (20.15+), else a table loop. */
function crc32(buf: Uint8Array, start: number, end: number): number {
  if (typeof zlib.crc32 === 'function') return zlib.crc32(buf.subarray(start, end)) >>> 0;
  let c = -1;
  for (let i = start; i < end; i++) c = (CRC_TABLE[(c ^ (buf[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out, 4, 8 + data.length), 8 + data.length);
  return out;
}

let scratch: Buffer | null = null;

/** The row buffer handed to deflate, reused between pages of the same size (filter bytes stay 0). */
function rawBuffer(n: number): Buffer {
  if (!scratch || scratch.length !== n) scratch = Buffer.alloc(n);
  return scratch;
}

/** Encodes `img` as a greyscale PNG; `dpi` is written in a pHYs chunk when given. */
export function encodeGrayPng(img: GrayImage, dpi?: number, level = 1): Buffer {
  const { width: w, height: h, data } = img;
  const raw = rawBuffer((w + 1) * h);
  // Filter type 0 (none) on every row: scanned paper is noise around a level, which run-length
  // deflate packs as well as differences, and copying rows is far cheaper than filtering them.
  for (let y = 0; y < h; y++) raw.set(data.subarray(y * w, y * w + w), y * (w + 1) + 1);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr)];
  if (dpi && dpi > 0) {
    const phys = Buffer.alloc(9);
    const ppm = Math.round(dpi / 0.0254);
    phys.writeUInt32BE(ppm, 0);
    phys.writeUInt32BE(ppm, 4);
    phys[8] = 1;
    parts.push(chunk('pHYs', phys));
  }
  parts.push(
    chunk('IDAT', zlib.deflateSync(raw, { level, strategy: zlib.constants.Z_RLE })),
    chunk('IEND', new Uint8Array(0)),
  );
  return Buffer.concat(parts);
}
