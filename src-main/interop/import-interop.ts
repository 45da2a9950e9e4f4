import fs from 'node:fs';
import path from 'node:path';
import type { ImportEnv } from '../documents/import/import-file';
import type { ImportFormat, ImportResultDTO } from '../shared/contract/documents';
import type { Split } from '../shared/contract/datasets';
import { AppError, toErrorInfo } from '../shared/errors';
import type { AnnotatedImage } from './annotated-image';
import { importAnnotated } from './import-annotated';
import { looksLikeCoco, parseCoco } from './parse-coco';
import { parseProdigy } from './parse-prodigy';
import { parseVoc } from './parse-voc';
import { parseYolo } from './parse-yolo';
import { parseJsonStrict, readTextFile } from './safe-json';

export type InteropFormat = Exclude<ImportFormat, 'auto'>;

export interface InteropOptions {
  imagesDir?: string;
  signal?: AbortSignal;
  onProgress?: (fraction: number, message?: string) => void;
  dataset?: { id: number; split: Split | null };
}

/** The annotation format of a path in 'auto' mode: .jsonl is Prodigy, a COCO-shaped .json is COCO. */
export function detectInterop(file: string): InteropFormat | null {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.jsonl') return 'prodigy';
  if (ext !== '.json') return null;
  try {
    if (!fs.statSync(file).isFile()) return null;
    return looksLikeCoco(parseJsonStrict(readTextFile(file), file)) ? 'coco' : null;
  } catch {
    // An unreadable or broken .json is reported by the COCO reader with its reason.
    return 'coco';
  }
}

function parse(format: InteropFormat, file: string, tmpDir: string, imagesDir?: string): AnnotatedImage[] {
  switch (format) {
    case 'coco':
      return parseCoco(file, imagesDir);
    case 'yolo':
      return parseYolo(file, imagesDir);
    case 'voc':
      return parseVoc(file, imagesDir);
    case 'prodigy':
      return parseProdigy(file, tmpDir, imagesDir);
  }
}

/**
 * Imports one annotation file or folder with its images, all or nothing. A malformed file comes
 * back as one error for that path (a typed code and a sentence); the library is then unchanged.
 */
export async function importInterop(
  env: ImportEnv,
  format: InteropFormat,
  file: string,
  opts: InteropOptions,
): Promise<ImportResultDTO> {
  const tmpDir = path.join(env.paths.tmp, 'interop', `${process.pid}-${Date.now()}`);
  try {
    if (!fs.existsSync(file))
      throw new AppError('IO_ERROR', `${file} does not exist. Check the path and import again.`);
    const isDir = fs.statSync(file).isDirectory();
    if ((format === 'yolo' || format === 'voc') && !isDir) {
      const layout = format === 'yolo' ? 'images/ and labels/' : 'Annotations/ and JPEGImages/';
      throw new AppError(
        'INVALID_DATA',
        `${format.toUpperCase()} import reads a dataset folder (with ${layout}), not the single file ${path.basename(file)}. Choose the folder.`,
      );
    }
    if ((format === 'coco' || format === 'prodigy') && isDir)
      throw new AppError(
        'INVALID_DATA',
        `${path.basename(file)} is a folder; choose the ${format === 'coco' ? 'COCO .json' : 'Prodigy .jsonl'} file.`,
      );
    const images = parse(format, file, tmpDir, opts.imagesDir);
    return await importAnnotated(env, file, images, opts);
  } catch (e) {
    if (opts.signal?.aborted) throw e;
    const info = toErrorInfo(e);
    return { documents: [], errors: [{ file, code: info.code, message: info.message }], warnings: [] };
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
}
