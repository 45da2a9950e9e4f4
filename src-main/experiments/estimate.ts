import fs from 'node:fs';
import type { Database } from 'better-sqlite3';
import { stepsPerEpoch } from '../ml/engine/batches';
import type { DatasetMixDTO, TrainEstimateDTO } from '../shared/contract/experiments';
import type { StartRunRequest } from '../training/run-config';
import { AppError } from '../shared/errors';

/** Validation only runs the model forward: assumed this many times faster per image than training. */
export const VALIDATE_SPEEDUP = 2.5;

/** Training and validation pages of a request, and how many of the training pages are synthetic. */
export interface PageCounts {
  real: number;
  synthetic: number;
  val: number;
  /** True when the engine sees synthetic pages as their own source (COCO files marked synthetic). */
  mixable: boolean;
}

function cocoImages(file: string): number {
  try {
    const coco = JSON.parse(fs.readFileSync(file, 'utf8')) as { images?: unknown[] };
    return coco.images?.length ?? 0;
  } catch {
    throw new AppError('NOT_FOUND', `Cannot read the COCO file ${file}. Check that it exists and is valid JSON.`);
  }
}

export function pageCounts(req: Omit<StartRunRequest, 'name'>, mix: (id: number) => DatasetMixDTO): PageCounts {
  if (req.datasetId !== undefined) {
    const m = mix(req.datasetId).splits;
    // A dataset's split is written as one training source, so the engine mixes nothing.
    return { real: m.train.real + m.train.synthetic, synthetic: 0, val: m.val.real + m.val.synthetic, mixable: false };
  }
  let real = 0;
  let synthetic = 0;
  for (const t of req.train ?? []) {
    if (t.synthetic) synthetic += cocoImages(t.coco);
    else real += cocoImages(t.coco);
  }
  return { real, synthetic, val: req.val ? cocoImages(req.val.coco) : 0, mixable: true };
}

/** Pages per epoch, as the trainer picks them (`epochOrder`): real pages plus the synthetic share. */
export function epochSize(c: PageCounts, share: number | null | undefined): number {
  if (share === null || share === undefined || c.real === 0 || c.synthetic === 0) return c.real + c.synthetic;
  const s = Math.min(0.95, Math.max(0, share));
  return c.real + Math.round((c.real * s) / (1 - s));
}

/** Seconds for a run at a measured training speed. */
export function estimateFrom(
  req: Pick<StartRunRequest, 'batchSize' | 'epochs' | 'syntheticShare'>,
  counts: PageCounts,
  imagesPerSec: number,
  source: TrainEstimateDTO['source'],
  backend: string | null,
  basis: string,
): TrainEstimateDTO {
  const size = epochSize(counts, req.syntheticShare);
  if (size === 0) throw new AppError('INVALID_DATA', 'There are no training pages to estimate for.');
  const perEpoch = stepsPerEpoch(size, Math.min(req.batchSize, size));
  const totalSteps = perEpoch * req.epochs;
  const images = totalSteps * Math.min(req.batchSize, size);
  const trainSeconds = images / Math.max(imagesPerSec, 1e-6);
  const validateSeconds = (counts.val * req.epochs) / Math.max(imagesPerSec * VALIDATE_SPEEDUP, 1e-6);
  return {
    source,
    backend,
    imagesPerSec,
    stepsPerEpoch: perEpoch,
    totalSteps,
    trainSeconds: Math.round(trainSeconds),
    validateSeconds: Math.round(validateSeconds),
    totalSeconds: Math.round(trainSeconds + validateSeconds),
    basis,
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Training speed of earlier runs with the same backbone and image size (same batch size when
 * there are such runs): the median of their latest images/s, over the five newest.
 */
export function historySpeed(
  db: Database,
  req: Pick<StartRunRequest, 'backbone' | 'imageSize' | 'batchSize'>,
): { imagesPerSec: number; runs: number; backend: string | null; sameBatch: boolean } | null {
  const rows = db
    .prepare(
      `SELECT r.id, r.backend, json_extract(r.config, '$.batchSize') AS batch,
         (SELECT value FROM run_metrics m WHERE m.run_id = r.id AND m.name = 'train/images_per_sec'
          ORDER BY step DESC LIMIT 1) AS ips
       FROM runs r
       WHERE json_extract(r.config, '$.backbone') = ? AND json_extract(r.config, '$.imageSize') = ?
       ORDER BY r.id DESC`,
    )
    .all(req.backbone, req.imageSize) as { id: number; backend: string | null; batch: number; ips: number | null }[];
  const measured = rows.filter((r) => r.ips !== null && r.ips > 0);
  const same = measured.filter((r) => r.batch === req.batchSize);
  const use = (same.length ? same : measured).slice(0, 5);
  if (use.length === 0) return null;
  return {
    imagesPerSec: median(use.map((r) => r.ips!)),
    runs: use.length,
    backend: use[0]!.backend,
    sameBatch: same.length > 0,
  };
}
