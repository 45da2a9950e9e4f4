import fs from 'node:fs';
import path from 'node:path';
import { createServices } from '../../app/services';
import { cocoClasses, readCocoFile } from '../../ml/data/coco-dataset';
import { AppError } from '../../shared/errors';
import type { InferImageResult } from '../../workers/infer';
import { num, str, UsageError, type Command } from '../command';

const IMAGE_EXT = /\.(png|jpe?g|tiff?|webp)$/i;

/** Image files named on the command line; a folder contributes its images (sorted, not recursive). */
function listImages(args: string[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    const p = path.resolve(a);
    if (!fs.existsSync(p)) throw new AppError('NOT_FOUND', `${p} does not exist.`);
    if (fs.statSync(p).isDirectory()) {
      out.push(
        ...fs
          .readdirSync(p)
          .filter((f) => IMAGE_EXT.test(f))
          .sort()
          .map((f) => path.join(p, f)),
      );
    } else out.push(p);
  }
  return out;
}

interface CocoResult {
  image_id: number;
  category_id: number;
  bbox: [number, number, number, number];
  score: number;
  file_name?: string;
}

/**
 * COCO results: with ground truth, image ids by file name and category ids by class name;
 * without, images numbered 1..n in the order given and categories 1..C in the model's order.
 */
function toCocoResults(
  results: InferImageResult[],
  gt: { byFile: Map<string, number>; byName: Map<string, number> } | null,
  classes: string[],
): CocoResult[] {
  const out: CocoResult[] = [];
  results.forEach((r, i) => {
    const imageId = gt ? gt.byFile.get(path.resolve(r.image)) : i + 1;
    if (imageId === undefined) return;
    for (const d of r.detections) {
      const categoryId = gt ? gt.byName.get(d.class) : classes.indexOf(d.class) + 1;
      if (categoryId === undefined || categoryId <= 0) continue;
      const [x0, y0, x1, y1] = d.box;
      const res: CocoResult = {
        image_id: imageId,
        category_id: categoryId,
        bbox: [x0, y0, x1 - x0, y1 - y0],
        score: d.score,
      };
      if (!gt) res.file_name = path.basename(r.image);
      out.push(res);
    }
  });
  return out;
}

export const inferCommand: Command = {
  name: 'infer',
  summary: 'Detect redactions on page images with a trained model (default: the shipped model); writes COCO results.',
  usage: 'infer [--model DIR] (--coco GT.json --images DIR | <file|dir>...) [--threshold X] --out dets.json [--json]',
  options: {
    model: { type: 'string' },
    coco: { type: 'string' },
    images: { type: 'string' },
    threshold: { type: 'string' },
    'batch-size': { type: 'string' },
    out: { type: 'string' },
  },
  optionHelp: {
    model: 'model folder (exported model, finished run folder or checkpoint); default: the shipped model',
    coco: 'ground truth: run on its images, take image_id and category_id from it by file and class name',
    images: 'folder of the ground truth images',
    threshold: 'lowest score kept (default 0.05, suited to COCO evaluation)',
    'batch-size': 'pages per batch (default 4)',
    out: 'COCO results file to write',
  },
  positionals: true,
  async run({ values, positionals, dataDir, json, io }) {
    const out = str(values.out);
    if (!out) throw new UsageError('--out dets.json is required.');
    const cocoFile = str(values.coco);
    const imagesDir = str(values.images);
    if ((cocoFile === undefined) !== (imagesDir === undefined))
      throw new UsageError('--coco GT.json and --images DIR go together.');
    if (cocoFile && positionals.length)
      throw new UsageError('Give either --coco with --images, or image files and folders, not both.');
    if (!cocoFile && positionals.length === 0)
      throw new UsageError('Say which pages: --coco GT.json --images DIR, or image files/folders.');
    const threshold = num(values.threshold, 'threshold', 0.05)!;
    if (!(threshold >= 0 && threshold <= 1)) throw new UsageError('--threshold must be between 0 and 1.');
    const batchSize = num(values['batch-size'], 'batch-size', 4)!;
    let images: string[];
    let gt: { byFile: Map<string, number>; byName: Map<string, number> } | null = null;
    if (cocoFile) {
      const coco = readCocoFile(path.resolve(cocoFile));
      const dir = path.resolve(imagesDir!);
      const byFile = new Map<string, number>();
      for (const im of coco.images ?? []) if (im.file_name) byFile.set(path.resolve(dir, im.file_name), im.id);
      const names = cocoClasses(coco);
      const byName = new Map((coco.categories ?? []).map((c, i) => [c.name ?? names[i]!, c.id]));
      gt = { byFile, byName };
      images = [...byFile.keys()];
    } else images = listImages(positionals);
    const s = createServices({ dataDir, transport: 'cli', recoverJobs: false });
    try {
      const modelDir = str(values.model) ? path.resolve(str(values.model)!) : s.inference.defaultModelDir();
      let shown = 0;
      const r = await s.inference.run(
        { modelDir, images, threshold, batchSize },
        {
          onProgress: (f, msg) => {
            if (!json && (f === 1 || f - shown > 0.1)) {
              shown = f;
              io.warn(msg ?? `${Math.round(f * 100)}%`);
            }
          },
        },
      );
      const dets = toCocoResults(r.results, gt, r.classes);
      fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
      fs.writeFileSync(path.resolve(out), JSON.stringify(dets));
      const summary = {
        out: path.resolve(out),
        model: modelDir,
        pages: r.results.length,
        detections: dets.length,
        backend: r.backend,
        seconds: Math.round(r.seconds * 100) / 100,
        pagesPerSecond: Math.round((r.results.length / Math.max(r.seconds, 1e-6)) * 10) / 10,
      };
      if (json) io.json(summary);
      else
        io.info(
          `Wrote ${dets.length} detections on ${r.results.length} pages to ${summary.out} (${summary.pagesPerSecond} pages/s on ${r.backend}).`,
        );
      return 0;
    } finally {
      await s.close();
    }
  },
};
