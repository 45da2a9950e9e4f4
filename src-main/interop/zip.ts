import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { AppError } from '../shared/errors';

/** Every file under `dir`, as paths relative to it with forward slashes, in name order. */
export function listFiles(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of fs
    .readdirSync(path.join(dir, rel), { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(dir, r));
    else if (e.isFile()) out.push(r);
  }
  return out;
}

/** 2020-01-01 as an MS-DOS date (entries carry no meaningful time). */
const DOS_DATE = (40 << 9) | (1 << 5) | 1;

/**
 * Writes a zip archive of a folder (entries stored, not compressed: page images are PNG/JPEG
 * already). Plain zip without zip64, so the archive must stay under 4 GB.
 */
export function zipFolder(dir: string, zipFile: string): void {
  const fd = fs.openSync(zipFile, 'w');
  const central: Buffer[] = [];
  let offset = 0;
  const write = (b: Buffer): void => {
    fs.writeSync(fd, b);
    offset += b.length;
  };
  try {
    const files = listFiles(dir);
    if (files.length > 65_535)
      throw new AppError('FILE_TOO_LARGE', 'The export has more than 65,535 files; export a split at a time.');
    for (const rel of files) {
      const data = fs.readFileSync(path.join(dir, rel));
      const name = Buffer.from(rel, 'utf8');
      const crc = zlib.crc32(data);
      if (offset + data.length > 0xfffffff0)
        throw new AppError('FILE_TOO_LARGE', 'The export is larger than 4 GB; export a split at a time.');
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(0x0800, 6); // UTF-8 names
      local.writeUInt16LE(DOS_DATE, 12);
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(data.length, 18);
      local.writeUInt32LE(data.length, 22);
      local.writeUInt16LE(name.length, 26);
      const at = offset;
      write(local);
      write(name);
      write(data);
      const c = Buffer.alloc(46);
      c.writeUInt32LE(0x02014b50, 0);
      c.writeUInt16LE(20, 4);
      c.writeUInt16LE(20, 6);
      c.writeUInt16LE(0x0800, 8);
      c.writeUInt16LE(DOS_DATE, 14);
      c.writeUInt32LE(crc, 16);
      c.writeUInt32LE(data.length, 20);
      c.writeUInt32LE(data.length, 24);
      c.writeUInt16LE(name.length, 28);
      c.writeUInt32LE(at, 42);
      central.push(c, name);
    }
    const start = offset;
    for (const b of central) write(b);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(files.length, 8);
    end.writeUInt16LE(files.length, 10);
    end.writeUInt32LE(offset - start, 12);
    end.writeUInt32LE(start, 16);
    write(end);
  } finally {
    fs.closeSync(fd);
  }
}
