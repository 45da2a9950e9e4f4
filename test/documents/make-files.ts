import crypto from 'node:crypto';
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

const PDF_PAD = Buffer.from('28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a', 'hex');

function rc4(key: Buffer, data: Buffer): Buffer {
  const s = Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = Buffer.alloc(data.length);
  for (let k = 0, i = 0, j = 0; k < data.length; k++) {
    i = (i + 1) & 255;
    j = (j + s[i]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
    out[k] = data[k]! ^ s[(s[i]! + s[j]!) & 255]!;
  }
  return out;
}

/**
 * A one-page PDF protected by a user password (standard security handler, revision 2), written by
 * hand: readers refuse to open it without the password.
 */
export function encryptedPdf(password = 'secret'): Buffer {
  const md5 = (...b: Buffer[]): Buffer => crypto.createHash('md5').update(Buffer.concat(b)).digest();
  const pad = (p: string): Buffer => Buffer.concat([Buffer.from(p, 'latin1'), PDF_PAD]).subarray(0, 32);
  const id = Buffer.from('0123456789abcdef0123456789abcdef', 'hex');
  const o = rc4(md5(pad('owner')).subarray(0, 5), pad(password));
  const p = Buffer.alloc(4);
  p.writeInt32LE(-4);
  const key = md5(pad(password), o, p, id).subarray(0, 5);
  const u = rc4(key, PDF_PAD);
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>',
    `<< /Filter /Standard /V 1 /R 2 /O <${o.toString('hex')}> /U <${u.toString('hex')}> /P -4 >>`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o2, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${o2}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((n) => `${String(n).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R /Encrypt 4 0 R /ID [<${id.toString('hex')}> <${id.toString('hex')}>] >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
