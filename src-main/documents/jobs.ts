import fs from 'node:fs';
import path from 'node:path';
import type { Services } from '../app/services';
import type { ImportFormat, ImportResultDTO } from '../shared/contract/documents';
import type { Split } from '../shared/contract/datasets';

export interface ImportJobParams {
  paths: string[];
  dpi?: number;
  format?: ImportFormat;
  images?: string;
  datasetId?: number;
  split?: Split;
}

function title(p: ImportJobParams): string {
  if (p.paths.length === 1) {
    const name = p.paths[0]!.split(/[\\/]/).filter(Boolean).pop() ?? p.paths[0]!;
    return `Import ${name.slice(0, 80)}`;
  }
  return `Import ${p.paths.length} files`;
}

/** Files the browser uploaded for this import (`tmp/uploads/<uuid>/<name>`) are not needed afterwards. */
function removeUploads(s: Services, paths: readonly string[]): void {
  const uploads = path.join(s.paths.tmp, 'uploads');
  for (const p of paths) {
    const dir = path.dirname(path.resolve(p));
    if (path.dirname(dir) === uploads) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The 'import' job: imports in the background with progress and cancel; the result lists documents and errors. */
export function registerImportJob(s: Services): void {
  s.jobs.register<ImportJobParams, ImportResultDTO>({
    kind: 'import',
    lane: 'import',
    title,
    run: async (p, ctx) => {
      try {
        return await s.documents.importFiles(p.paths, {
          dpi: p.dpi,
          format: p.format,
          images: p.images,
          signal: ctx.signal,
          onProgress: (f, m) => ctx.progress(f, m),
          dataset: p.split ? { id: p.datasetId, split: p.split } : undefined,
        });
      } finally {
        removeUploads(s, p.paths);
      }
    },
  });
}
