import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { DEFAULT_AUGMENT, NO_AUGMENT } from '../ml/data/augment';
import { DEFAULT_TRAIN, type DataSource, type TrainConfig } from '../ml/engine/train-config';
import { defaultModelDir, modelInfo } from '../ml/model-folder';
import type { startRunSchema } from '../shared/contract/runs';
import { AppError } from '../shared/errors';
import { sizeChangeSentence } from '../shared/size-change';

/**
 * Where a run starts from: 'none' is a fresh start, 'default' the shipped model, else a model
 * folder. Unsaid, runs fine-tune the shipped model when it has the same backbone (much better
 * than a fresh start on the few pages people annotate), and start fresh otherwise.
 */
function initFolder(req: StartRunRequest): string | null {
  if (req.init === 'none') return null;
  if (req.init === 'default') return defaultModelDir();
  if (req.init !== undefined) return path.resolve(req.init);
  return modelInfo(defaultModelDir())?.backbone === req.backbone ? defaultModelDir() : null;
}

export type StartRunRequest = z.output<typeof startRunSchema>;

/** The run log's warning when it fine-tunes a model at another image size than it was trained at. */
export function initSizeNote(init: string | null | undefined, imageSize: number): string | null {
  const trained = init ? modelInfo(init)?.imageSize : undefined;
  if (!init || trained === undefined) return null;
  const what = path.resolve(init) === path.resolve(defaultModelDir()) ? 'The default model' : 'The starting model';
  return sizeChangeSentence(what, trained, imageSize);
}

/** The part of the datasets service a run needs (present once the documents domain is built). */
export interface DatasetSource {
  hash(datasetId: number): string;
  toCoco(
    datasetId: number,
    split: 'train' | 'val' | 'test',
    opts?: { labelledOnly?: boolean },
  ): {
    coco: { images: { id: number; file_name?: string }[]; annotations?: { image_id: number }[] };
    images: { imageId: number; path: string; synthetic?: boolean }[];
  };
}

/** sha256 over the annotation files (their bytes) of a run's sources: its dataset version. */
export function hashSources(sources: DataSource[]): string {
  const h = crypto.createHash('sha256');
  for (const s of sources) {
    h.update(`${s.source}\n`);
    h.update(fs.readFileSync(s.coco));
  }
  return h.digest('hex');
}

type CocoSplitFile = ReturnType<DatasetSource['toCoco']>['coco'];

/** The pages of `coco` whose image ids are in `keep`, with their annotations. */
function subset(coco: CocoSplitFile, keep: Set<number>): CocoSplitFile {
  return {
    ...coco,
    images: coco.images.filter((im) => keep.has(im.id)),
    ...(coco.annotations ? { annotations: coco.annotations.filter((a) => keep.has(a.image_id)) } : {}),
  };
}

/**
 * Writes one dataset split as COCO files whose image paths are absolute (images dir '/'). The
 * train split's pages of synthetic documents go into their own 'synthetic' source, so that the
 * run's real:synthetic share applies; validation keeps every page in one source.
 */
function writeSplit(ds: DatasetSource, datasetId: number, split: 'train' | 'val', dir: string): DataSource[] {
  // Pages nobody annotated yet are unknown, not negatives: they stay out of training and validation.
  const { coco, images } = ds.toCoco(datasetId, split, { labelledOnly: true });
  if (coco.images.length === 0) return [];
  const root = path.parse(dir).root;
  const byId = new Map(images.map((i) => [i.imageId, i.path]));
  const withPaths = {
    ...coco,
    images: coco.images.map((im) => ({ ...im, file_name: path.relative(root, byId.get(im.id) ?? '') })),
  };
  const synthetic = new Set(images.filter((i) => i.synthetic === true).map((i) => i.imageId));
  const parts: { name: string; source: DataSource['source']; coco: CocoSplitFile }[] =
    split === 'val' || synthetic.size === 0
      ? [{ name: split, source: 'real', coco: withPaths }]
      : [
          {
            name: split,
            source: 'real',
            coco: subset(withPaths, new Set(coco.images.map((im) => im.id).filter((id) => !synthetic.has(id)))),
          },
          { name: `${split}-synthetic`, source: 'synthetic', coco: subset(withPaths, synthetic) },
        ];
  fs.mkdirSync(dir, { recursive: true });
  return parts
    .filter((p) => p.coco.images.length > 0)
    .map((p) => {
      const file = path.join(dir, `${p.name}.json`);
      fs.writeFileSync(file, JSON.stringify(p.coco));
      return { coco: file, images: root, source: p.source };
    });
}

/**
 * Turns a start request into a full training config: sources from a dataset's splits (written as
 * COCO files into the run folder) or from COCO files, defaults for everything not given.
 */
export function buildRunConfig(
  req: StartRunRequest,
  outDir: string,
  datasets: DatasetSource | null,
): { config: TrainConfig; datasetHash: string } {
  let train: DataSource[] = [];
  let val: DataSource | null = null;
  let datasetHash: string;
  if (req.datasetId !== undefined) {
    if (!datasets) throw new AppError('NOT_IMPLEMENTED', 'Training on a dataset needs the datasets service.');
    const dir = path.join(outDir, 'data');
    train = writeSplit(datasets, req.datasetId, 'train', dir);
    if (train.length === 0)
      throw new AppError(
        'INVALID_DATA',
        'The dataset has no annotated pages in its train split. Assign annotated documents to train (or mark pages "no redactions") first.',
      );
    val = writeSplit(datasets, req.datasetId, 'val', dir)[0] ?? null;
    datasetHash = datasets.hash(req.datasetId);
  } else if (req.train) {
    train = req.train.map((t) => ({
      coco: path.resolve(t.coco),
      images: path.resolve(t.images),
      source: t.synthetic ? 'synthetic' : 'real',
    }));
    val = req.val ? { coco: path.resolve(req.val.coco), images: path.resolve(req.val.images), source: 'real' } : null;
    datasetHash = hashSources(val ? [...train, val] : train);
  } else {
    throw new AppError(
      'INVALID_REQUEST',
      'Say what to train on: a dataset, or COCO annotations with their images folder.',
    );
  }
  const config: TrainConfig = {
    ...DEFAULT_TRAIN,
    backbone: req.backbone,
    imageSize: req.imageSize,
    batchSize: req.batchSize,
    epochs: req.epochs,
    lr: req.lr ?? DEFAULT_TRAIN.lr,
    weightDecay: req.weightDecay ?? DEFAULT_TRAIN.weightDecay,
    schedule: req.schedule ?? DEFAULT_TRAIN.schedule,
    seed: req.seed ?? DEFAULT_TRAIN.seed,
    augment: req.augment === false ? NO_AUGMENT : DEFAULT_AUGMENT,
    syntheticShare: req.syntheticShare ?? null,
    init: initFolder(req),
    train,
    val,
  };
  return { config, datasetHash };
}
