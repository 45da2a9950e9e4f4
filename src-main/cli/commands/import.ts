import { createServices } from '../../app/services';
import { IMPORT_FORMATS, type ImportFormat } from '../../shared/contract/documents';
import { SPLITS, type Split } from '../../shared/contract/datasets';
import { num, str, UsageError, type Command } from '../command';

function oneOf<T extends string>(v: string | undefined, allowed: readonly T[], name: string): T | undefined {
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v))
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got "${v}".`);
  return v as T;
}

export const importCommand: Command = {
  name: 'import',
  summary:
    'Import PDFs and images (files or folders, recursive), or COCO/YOLO/VOC/Prodigy annotations with their images.',
  usage:
    'import <file|dir>... [--dpi 100] [--format auto|coco|yolo|voc|prodigy] [--images DIR] [--dataset NAME --split S] [--data-dir DIR] [--json]',
  options: {
    dpi: { type: 'string' },
    format: { type: 'string' },
    images: { type: 'string' },
    dataset: { type: 'string' },
    split: { type: 'string' },
  },
  optionHelp: {
    dpi: 'resolution PDF pages are rendered at (default: the defaultDpi setting, 100)',
    format: 'auto (default: documents, COCO .json and Prodigy .jsonl by content), or coco, yolo, voc, prodigy',
    images: 'images folder for annotation imports (default: next to the annotation file)',
    dataset: 'dataset to assign the imported documents to (with --split; default: "default")',
    split: 'train, val or test: assign the imported documents to this split',
  },
  positionals: true,
  async run({ values, positionals, dataDir, json, io }) {
    if (positionals.length === 0) throw new UsageError('give at least one file or folder to import.');
    const dpi = num(values.dpi, 'dpi');
    if (dpi !== undefined && (!Number.isInteger(dpi) || dpi < 50 || dpi > 400))
      throw new UsageError('--dpi must be a whole number from 50 to 400.');
    const format = oneOf<ImportFormat>(str(values.format), IMPORT_FORMATS, 'format');
    const split = oneOf<Split>(str(values.split), SPLITS, 'split');
    const datasetName = str(values.dataset);
    if (datasetName && !split) throw new UsageError('--dataset needs --split (which split to put the documents in).');
    const s = createServices({ dataDir, transport: 'cli', recoverJobs: false });
    try {
      if (s.database.readOnly) io.warn(s.database.message ?? 'The database is read-only.');
      const controller = new AbortController();
      const stop = (): void => controller.abort();
      process.once('SIGINT', stop);
      const result = await s.documents
        .importFiles(positionals, {
          dpi,
          format,
          images: str(values.images),
          signal: controller.signal,
          dataset: split ? { name: datasetName, split } : undefined,
        })
        .finally(() => process.off('SIGINT', stop));
      if (json) {
        io.json({
          documents: result.documents.map((d) => ({ id: d.id, name: d.name, pages: d.pages })),
          errors: result.errors.map((e) => ({ file: e.file, code: e.code, message: e.message })),
        });
      } else {
        for (const d of result.documents)
          io.info(
            `${d.existing ? 'already in library' : 'imported'}: ${d.name} (${d.pages} page${d.pages === 1 ? '' : 's'}, id ${d.id})`,
          );
        for (const e of result.errors) io.info(`not imported: ${e.file}: ${e.message}`);
        const pages = result.documents.reduce((n, d) => n + d.pages, 0);
        io.info(
          `${result.documents.length} document(s), ${pages} page(s); ${result.errors.length} file(s) not imported.`,
        );
      }
      for (const w of result.warnings.slice(0, 50)) io.warn(`warning: ${w}`);
      if (result.warnings.length > 50) io.warn(`…and ${result.warnings.length - 50} more warnings.`);
      return 0;
    } finally {
      await s.close();
    }
  },
};
