import { AppError } from '../../shared/errors';

/** Limits that keep a hostile file from taking the app down. */
export const LIMITS = {
  /** Largest file accepted, in bytes. */
  maxFileBytes: 1024 * 1024 * 1024,
  /** Most pages of one PDF or multi-page TIFF. */
  maxPages: 2000,
  /** Largest decoded image accepted, in pixels (width × height). */
  maxImagePixels: 100_000_000,
  /** Largest rendered PDF page, in pixels; bigger pages are rendered at a lower DPI. */
  maxRenderPixels: 40_000_000,
  /** Worker heap limit in MB. */
  workerHeapMb: 768,
  /** Longest time one page may take to render before the file is given up. */
  pageTimeoutMs: 90_000,
} as const;

/** A library's error text as a short clause: first line, no trailing period, bounded. */
function clause(detail: string): string {
  return (detail.split('\n')[0] ?? '').replace(/[.\s]+$/, '').slice(0, 120) || 'unknown error';
}

function mb(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GB` : `${Math.ceil(bytes / 1024 ** 2)} MB`;
}

/** The per-file errors of an import, each a sentence naming the problem and what to do. */
export const importErrors = {
  empty: (): AppError =>
    new AppError(
      'EMPTY_FILE',
      'The file is empty (0 bytes). Check that it was copied or downloaded completely, then import it again.',
    ),
  tooBig: (bytes: number): AppError =>
    new AppError(
      'FILE_TOO_LARGE',
      `The file is ${mb(bytes)}; files up to ${mb(LIMITS.maxFileBytes)} can be imported. Split it into smaller files and import those.`,
    ),
  tooManyPages: (pages: number): AppError =>
    new AppError(
      'FILE_TOO_LARGE',
      `The file has ${pages} pages; up to ${LIMITS.maxPages} pages per file can be imported. Split it into smaller files and import those.`,
    ),
  imageTooLarge: (w: number, h: number): AppError =>
    new AppError(
      'IMAGE_TOO_LARGE',
      `The image is ${w}×${h} pixels, more than the ${LIMITS.maxImagePixels / 1e6} megapixels Redaction Lab accepts. Scale it down and import it again.`,
    ),
  unsupported: (): AppError =>
    new AppError(
      'UNSUPPORTED_FILE',
      'This is not a file type Redaction Lab can import. Convert it to PDF, PNG, JPEG, TIFF or WebP and import it again.',
    ),
  notAPdf: (): AppError =>
    new AppError(
      'CORRUPT_FILE',
      'The file is named .pdf but does not contain a PDF (no PDF header). Get a fresh copy of the file and import it again.',
    ),
  corruptPdf: (detail: string): AppError =>
    new AppError(
      'CORRUPT_FILE',
      `The PDF is damaged or incomplete and cannot be read (${clause(detail)}). Get a fresh copy of the file and import it again.`,
    ),
  corruptImage: (detail: string): AppError =>
    new AppError(
      'CORRUPT_FILE',
      `The image is damaged or incomplete and cannot be read (${clause(detail)}). Get a fresh copy of the file and import it again.`,
    ),
  encrypted: (): AppError =>
    new AppError(
      'ENCRYPTED_FILE',
      'The PDF is protected by a password. Remove the password (for example by printing it to a new PDF) and import it again.',
    ),
  unreadable: (detail: string): AppError =>
    new AppError('IO_ERROR', `The file could not be read (${detail}). Check that it exists and that you may read it.`),
  outOfMemory: (): AppError =>
    new AppError(
      'OUT_OF_MEMORY',
      'Reading this file needed more memory than an import may use, so it was skipped. The file may be damaged or built to exhaust memory.',
    ),
  timeout: (seconds: number): AppError =>
    new AppError(
      'CORRUPT_FILE',
      `A page of this file took longer than ${seconds} s to render, so the file was skipped. It may be damaged; try a fresh copy.`,
    ),
  workerCrashed: (): AppError =>
    new AppError(
      'CORRUPT_FILE',
      'Reading this file stopped the renderer unexpectedly, so it was skipped. It may be damaged; try a fresh copy.',
    ),
};
