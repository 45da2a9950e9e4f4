import fs from 'node:fs';
import path from 'node:path';

/** What a file really is, from its first bytes (never from its name alone). */
export type FileType = 'pdf' | 'png' | 'jpeg' | 'tiff' | 'webp';

export const DOCUMENT_EXTENSIONS = ['.pdf', '.png', '.jpg', '.jpeg', '.tif', '.tiff', '.webp'] as const;

export const MIME: Record<FileType, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  tiff: 'image/tiff',
  webp: 'image/webp',
};

/** Extension used for the kept original, `originals/<sha256>.<ext>`. */
export const ORIGINAL_EXT: Record<FileType, string> = {
  pdf: 'pdf',
  png: 'png',
  jpeg: 'jpg',
  tiff: 'tif',
  webp: 'webp',
};

/** Detects the type from magic bytes; a PDF header may follow up to 1 KB of junk, as readers allow. */
export function sniffBytes(head: Uint8Array): FileType | null {
  const b = (i: number): number => head[i] ?? -1;
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return 'png';
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'jpeg';
  if (
    (b(0) === 0x49 && b(1) === 0x49 && (b(2) === 0x2a || b(2) === 0x2b) && b(3) === 0) ||
    (b(0) === 0x4d && b(1) === 0x4d && b(2) === 0 && (b(3) === 0x2a || b(3) === 0x2b))
  ) {
    return 'tiff';
  }
  const ascii = (from: number, to: number): string => String.fromCharCode(...head.subarray(from, to));
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  const text = Buffer.from(head.subarray(0, 1024)).toString('latin1');
  if (text.includes('%PDF-')) return 'pdf';
  return null;
}

/** Reads the first kilobyte of a file and sniffs it. */
export function sniffFile(file: string): FileType | null {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(1024);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    return sniffBytes(head.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
}

export function hasDocumentExtension(file: string): boolean {
  return (DOCUMENT_EXTENSIONS as readonly string[]).includes(path.extname(file).toLowerCase());
}
