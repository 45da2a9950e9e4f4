import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as PdfjsModule from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { AppError } from '../shared/errors';

export type Pdfjs = typeof PdfjsModule;

let loaded: Promise<Pdfjs> | null = null;

/**
 * pdfjs-dist is ESM only; the main bundle is CommonJS, so it is loaded with a dynamic import
 * of its resolved path, which the bundler leaves alone (legacy build: runs on Node 20).
 */
export function loadPdfjs(): Promise<Pdfjs> {
  // An absolute file URL: works from the CommonJS bundle, from tsx and inside worker threads.
  const url = pathToFileURL(require.resolve('pdfjs-dist/legacy/build/pdf.mjs')).href;
  loaded ??= import(/* @vite-ignore */ url) as Promise<Pdfjs>;
  return loaded;
}

function standardFontDir(): string {
  return path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts') + path.sep;
}

/**
 * Opens a PDF from bytes for analysis: no eval, no font faces, no image decoders that need a
 * DOM. Maps pdfjs' errors to AppErrors a person understands.
 */
export async function openPdf(data: Uint8Array, name: string): Promise<PDFDocumentProxy> {
  const pdfjs = await loadPdfjs();
  if (data.length === 0) throw new AppError('EMPTY_FILE', `${name} is empty (0 bytes); there is nothing to audit.`);
  const task = pdfjs.getDocument({
    // pdfjs takes ownership of (detaches) the buffer it gets: give it a copy.
    data: data.slice(),
    isEvalSupported: false,
    disableFontFace: true,
    fontExtraProperties: true,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    useSystemFonts: false,
    verbosity: 0,
    standardFontDataUrl: standardFontDir(),
  });
  try {
    return await task.promise;
  } catch (e) {
    const n = (e as { name?: string }).name;
    if (n === 'PasswordException') {
      throw new AppError(
        'ENCRYPTED_FILE',
        `${name} is password-protected; open it with its password and save a copy without one to audit it.`,
      );
    }
    const msg = e instanceof Error ? e.message : String(e);
    throw new AppError(
      'CORRUPT_FILE',
      `${name} could not be read as a PDF (${msg.slice(0, 120)}). Check that the file is complete.`,
    );
  }
}

/** pdfjs' operator codes (`OPS.fill`, `OPS.showText`, ...). */
export type Ops = Pdfjs['OPS'];
