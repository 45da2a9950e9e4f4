import type { ImportErrorDTO, ImportResultDTO, ImportedDocumentDTO } from '../../shared/contract/documents';
import { toErrorInfo } from '../../shared/errors';
import { importOneFile, type FileImportOptions, type ImportEnv } from './import-file';
import { importErrors } from './messages';
import { scanPaths, type FoundFile } from './scan';

export interface BatchOptions extends Omit<FileImportOptions, 'onPages'> {
  /** Overall progress 0..1 with a short message (never document text). */
  onProgress?: (fraction: number, message?: string) => void;
}

const SKIPPED_MESSAGE =
  'Skipped: this file in the folder is not a PDF or an image (PNG, JPEG, TIFF, WebP). Import it on its own if it is one under another name.';

/** Turns a scan problem into a per-file error. */
function problemError(p: { file: string; reason: 'missing' | 'unreadable' | 'not-a-document' }): ImportErrorDTO {
  if (p.reason === 'not-a-document') return { file: p.file, code: 'UNSUPPORTED_FILE', message: SKIPPED_MESSAGE };
  const e =
    p.reason === 'missing'
      ? importErrors.unreadable('it does not exist')
      : importErrors.unreadable('the folder cannot be listed');
  return { file: p.file, code: e.code, message: e.message };
}

/**
 * Imports files and folders: two files at a time (each on its own worker; long files spread over
 * both), one failure never stops the others. Cancelling stops before the next page; documents
 * already committed stay, the one in progress is dropped.
 */
export async function importBatch(
  env: ImportEnv,
  inputs: readonly string[],
  opts: BatchOptions,
): Promise<ImportResultDTO> {
  const scan = scanPaths(inputs);
  const errors: ImportErrorDTO[] = scan.problems.map(problemError);
  const docs: (ImportedDocumentDTO | null)[] = scan.files.map(() => null);
  const fileErrors: (ImportErrorDTO | null)[] = scan.files.map(() => null);
  const fractions = scan.files.map(() => 0);
  const total = Math.max(1, scan.files.length);
  let done = 0;
  const report = (message?: string): void => {
    opts.onProgress?.(fractions.reduce((a, b) => a + b, 0) / total, message);
  };
  report(`Importing ${scan.files.length} file${scan.files.length === 1 ? '' : 's'}`);
  // a single long file is spread over every render process too
  if (scan.files.length > 0) env.pool.warm(env.poolSize);
  let next = 0;
  const workerLoop = async (): Promise<void> => {
    while (next < scan.files.length) {
      if (opts.signal?.aborted) return;
      const i = next++;
      const f = scan.files[i] as FoundFile;
      try {
        docs[i] = await importOneFile(env, f, {
          ...opts,
          onPages: (d, n) => {
            fractions[i] = d / Math.max(1, n);
            report(`${f.shown}: page ${d} of ${n}`);
          },
        });
      } catch (e) {
        if (opts.signal?.aborted) return;
        const info = toErrorInfo(e);
        fileErrors[i] = { file: f.shown, code: info.code, message: info.message };
      }
      fractions[i] = 1;
      done++;
      report(`${done} of ${scan.files.length} files done`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, env.poolSize) }, () => workerLoop()));
  opts.signal?.throwIfAborted();
  // Two copies of the same bytes in one batch: the later one reports the first as existing.
  const seen = new Map<number, ImportedDocumentDTO>();
  const documents: ImportedDocumentDTO[] = [];
  for (const d of docs) {
    if (!d) continue;
    if (seen.has(d.id) && !d.existing) d.existing = true;
    seen.set(d.id, d);
    documents.push(d);
  }
  for (const e of fileErrors) if (e) errors.push(e);
  return { documents, errors, warnings: [] };
}
