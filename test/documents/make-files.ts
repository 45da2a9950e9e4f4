import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { afterEach } from 'vitest';
import { createServices, type Services } from '../../src-main/app/services';
import { tmpDir } from '../helpers/tmp';

/** Services on a fresh data folder (a real SQLite file), closed and removed after each test. */
export function useServices(): () => { s: Services; dir: string } {
  const open: { s: Services; cleanup: () => void }[] = [];
  afterEach(async () => {
    for (const o of open.splice(0)) {
      await o.s.close();
      o.cleanup();
    }
  });
  return () => {
    const { dir, cleanup } = tmpDir('redlab-docs-');
    const s = createServices({ dataDir: path.join(dir, 'data'), transport: 'test' });
    open.push({ s, cleanup });
    return { s, dir };
  };
}

/** A page-like PNG: white with a few dark bars (a different pattern per `seed`). */
export async function pagePng(width: number, height: number, seed: number): Promise<Buffer> {
  const bars = Array.from({ length: 5 }, (_, i) => {
    const y = 20 + ((seed * 37 + i * 53) % Math.max(1, height - 40));
    const w = 30 + ((seed * 11 + i * 29) % Math.max(1, width - 60));
    return `<rect x="15" y="${y}" width="${w}" height="8" fill="#111"/>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fff"/>${bars}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** Writes `n` distinct PNG pages into `dir` (page-1.png …). */
export async function writePngFolder(dir: string, n: number, width = 200, height = 260): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (let i = 1; i <= n; i++) {
    const f = path.join(dir, `page-${i}.png`);
    fs.writeFileSync(f, await pagePng(width, height, i));
    files.push(f);
  }
  return files;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A 100-byte PNG whose header declares `width`×`height` pixels (a decompression bomb's header). */
export function bombPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.alloc(16))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Every file under a folder (relative paths), to prove nothing was written. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .sort();
}

/** Row counts of the library tables. */
export function counts(s: Services): Record<string, number> {
  const n = (t: string): number => (s.db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
  return { documents: n('documents'), pages: n('pages'), page_text: n('page_text'), annotations: n('annotations') };
}
