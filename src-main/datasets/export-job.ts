import fs from 'node:fs';
import path from 'node:path';
import type { Services } from '../app/services';
import type { ExportFormat, ExportResultDTO, Split } from '../shared/contract/datasets';
import { exportPages } from '../interop/export';
import { zipFolder } from '../interop/zip';

export interface ExportJobParams {
  format: ExportFormat;
  datasetId?: number;
  split?: Split;
  includeImages?: boolean;
}

/**
 * The 'export' job of the UI: writes the export into `tmp/exports/<jobId>/`, zipped when it is more
 * than one file, and returns the media path to download it from.
 */
export function registerExportJob(s: Services): void {
  s.jobs.register<ExportJobParams, ExportResultDTO>({
    kind: 'export',
    lane: 'export',
    title: (p) => `Export ${p.format.toUpperCase()}${p.split ? ` (${p.split})` : ''}`,
    run: async (p, ctx) => {
      const datasetId = p.datasetId ?? s.datasets.defaultId();
      const ds = s.datasets.get(datasetId);
      const pages = s.datasets.pages({ datasetId, split: p.split });
      const dir = path.join(s.paths.tmp, 'exports', ctx.id);
      const work = path.join(dir, 'work');
      fs.mkdirSync(work, { recursive: true });
      const base = `redlab-${p.format}${p.split ? `-${p.split}` : ''}`;
      const single = (p.format === 'coco' || p.format === 'prodigy') && !p.includeImages;
      const out = single ? path.join(work, `${base}.${p.format === 'coco' ? 'json' : 'jsonl'}`) : path.join(work, base);
      const summary = await exportPages(s.paths, pages, {
        format: p.format,
        out,
        includeImages: p.includeImages ?? p.format !== 'coco',
        description: `Redaction Lab dataset "${ds.name}"${p.split ? `, split ${p.split}` : ''}`,
        signal: ctx.signal,
        onProgress: (f, m) => ctx.progress(f * 0.9, m),
      });
      let fileName: string;
      if (single) {
        fileName = path.basename(out);
        fs.renameSync(out, path.join(dir, fileName));
      } else {
        ctx.progress(0.92, 'Packing the zip file');
        fileName = `${base}.zip`;
        zipFolder(work, path.join(dir, fileName));
      }
      fs.rmSync(work, { recursive: true, force: true });
      return {
        mediaPath: `exports/${ctx.id}/${fileName}`,
        fileName,
        images: summary.images,
        annotations: summary.annotations,
      };
    },
  });
}
