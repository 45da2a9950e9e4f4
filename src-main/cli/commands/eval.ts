import fs from 'node:fs';
import { createServices } from '../../app/services';
import { evaluateCoco, readDetections, readGroundTruth, SUMMARY_KEYS } from '../../eval/coco';
import type { CocoEvalResult } from '../../eval/coco-types';
import { evaluateModel } from '../../eval/eval-model';
import { inferenceOf } from '../../eval/inference-port';
import { readJsonFile } from '../../eval/read-json-file';
import { num, str, UsageError, type CommandArgs, type Command } from '../command';

/** The 12 numbers keyed exactly AP, AP50, ..., ARl. */
function summaryJson(r: CocoEvalResult): Record<string, number> {
  return Object.fromEntries(SUMMARY_KEYS.map((k) => [k, r.summary[k]]));
}

function print(r: CocoEvalResult, { io, json }: CommandArgs): number {
  for (const w of r.warnings) io.warn(w);
  if (json) io.json(summaryJson(r));
  else for (const line of r.lines) io.info(line);
  return 0;
}

function evalFiles(gtFile: string, dtFile: string, args: CommandArgs): number {
  const gt = readGroundTruth(readJsonFile(gtFile, 'ground-truth file'));
  const dt = readDetections(readJsonFile(dtFile, 'detections file'));
  return print(evaluateCoco(gt, dt), args);
}

async function evalModel(modelDir: string, cocoFile: string, imagesDir: string, args: CommandArgs): Promise<number> {
  if (!fs.existsSync(imagesDir) || !fs.statSync(imagesDir).isDirectory()) {
    throw new UsageError(`--images must be a folder of page images; ${imagesDir} is not one.`);
  }
  const gt = readGroundTruth(readJsonFile(cocoFile, 'ground-truth file'));
  const s = createServices({ dataDir: args.dataDir, transport: 'cli', recoverJobs: false });
  try {
    const inference = inferenceOf(s);
    const threshold = num(args.values.threshold, 'threshold', 0.05)!;
    const batchSize = num(args.values['batch-size'], 'batch-size');
    let last = -1;
    const { result, unknownClasses } = await evaluateModel(
      inference,
      { modelDir, gt, imagesDir, threshold, ...(batchSize ? { batchSize } : {}) },
      {
        onProgress: (f) => {
          const pct = Math.floor(f * 10) * 10;
          if (pct !== last) args.io.warn(`inference ${(last = pct)}%`);
        },
      },
    );
    if (unknownClasses > 0)
      args.io.warn(`${unknownClasses} detection(s) of classes the ground truth does not list were left out.`);
    return print(result, args);
  } finally {
    await s.close();
  }
}

export const evalCommand: Command = {
  name: 'eval',
  summary: 'COCO bbox evaluation with pycocotools numbers (AP, AP50, AP75, ..., AR100).',
  usage:
    'eval --gt GT.json --dt DETS.json [--json]\n       redlab eval --model DIR --coco GT.json --images DIR [--threshold T] [--json]',
  options: {
    gt: { type: 'string' },
    dt: { type: 'string' },
    model: { type: 'string' },
    coco: { type: 'string' },
    images: { type: 'string' },
    threshold: { type: 'string' },
    'batch-size': { type: 'string' },
  },
  optionHelp: {
    gt: 'COCO ground truth (images, annotations, categories)',
    dt: 'COCO results: a list of {image_id, category_id, bbox, score}',
    model: 'a model folder to run on the images first',
    coco: 'COCO ground truth for --model (image file_name under --images)',
    images: 'folder holding the images named in --coco',
    threshold: 'lowest detection score kept with --model (default 0.05)',
    'batch-size': 'images per inference batch with --model',
  },
  run(args) {
    const { values } = args;
    const gt = str(values.gt);
    const dt = str(values.dt);
    const model = str(values.model);
    if (gt || dt) {
      if (!gt || !dt) return Promise.reject(new UsageError('--gt and --dt go together.'));
      if (model) return Promise.reject(new UsageError('Use either --gt/--dt or --model/--coco/--images, not both.'));
      return Promise.resolve(evalFiles(gt, dt, args));
    }
    const coco = str(values.coco);
    const images = str(values.images);
    if (!model || !coco || !images) {
      return Promise.reject(new UsageError('Give --gt and --dt, or --model, --coco and --images.'));
    }
    return evalModel(model, coco, images, args);
  },
};
