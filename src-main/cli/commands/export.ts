import { createServices } from '../../app/services';
import { EXPORT_FORMATS, SPLITS, type ExportFormat, type Split } from '../../shared/contract/datasets';
import { AppError } from '../../shared/errors';
import { exportPages } from '../../interop/export';
import { str, UsageError, type Command } from '../command';

export const exportCommand: Command = {
  name: 'export',
  summary: 'Export pages and boxes as COCO, YOLO, Pascal VOC or Prodigy JSONL (pages without boxes included).',
  usage:
    'export --format coco|yolo|voc|prodigy --out PATH [--split S] [--dataset NAME] [--copy-images | --no-images] [--data-dir DIR] [--json]',
  options: {
    format: { type: 'string' },
    out: { type: 'string' },
    split: { type: 'string' },
    dataset: { type: 'string' },
    'copy-images': { type: 'boolean' },
    'no-images': { type: 'boolean' },
  },
  optionHelp: {
    format: 'coco, yolo, voc or prodigy',
    out: 'COCO: a .json file or a folder (annotations.json); Prodigy: a .jsonl file or a folder; YOLO/VOC: a folder',
    split: 'only documents in this split (train, val, test) of the dataset',
    dataset: 'dataset whose split is meant (default: "default")',
    'copy-images': 'COCO: also copy the page images into images/ next to the file',
    'no-images': 'YOLO/VOC/Prodigy: write the annotations only',
  },
  async run({ values, dataDir, json, io }) {
    const format = str(values.format);
    if (!format || !(EXPORT_FORMATS as readonly string[]).includes(format))
      throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}.`);
    const out = str(values.out);
    if (!out) throw new UsageError('--out is required: where to write the export.');
    const split = str(values.split);
    if (split !== undefined && !(SPLITS as readonly string[]).includes(split))
      throw new UsageError(`--split must be one of ${SPLITS.join(', ')}.`);
    if (values['copy-images'] && values['no-images'])
      throw new UsageError('--copy-images and --no-images contradict each other.');
    const s = createServices({ dataDir, transport: 'cli', recoverJobs: false });
    try {
      const name = str(values.dataset);
      const ds = name ? s.datasets.byName(name) : s.datasets.get(s.datasets.defaultId());
      if (!ds)
        throw new AppError(
          'NOT_FOUND',
          `There is no dataset named "${name}". Create it by importing with --dataset "${name}" --split train.`,
        );
      const pages = s.datasets.pages({ datasetId: ds.id, split: split as Split | undefined });
      const includeImages =
        values['copy-images'] === true ? true : values['no-images'] === true ? false : format !== 'coco';
      const summary = await exportPages(s.paths, pages, {
        format: format as ExportFormat,
        out,
        includeImages,
        description: `Redaction Lab dataset "${ds.name}"${split ? `, split ${split}` : ''}`,
      });
      if (json) io.json({ format, ...summary });
      else
        io.info(
          `Wrote ${summary.images} image(s) and ${summary.annotations} box(es) as ${format.toUpperCase()} to ${summary.path}`,
        );
      return 0;
    } finally {
      await s.close();
    }
  },
};
