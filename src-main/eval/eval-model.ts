import path from 'node:path';
import { AppError } from '../shared/errors';
import { evaluateCoco } from './coco';
import type { CocoEvalResult, CocoGroundTruth } from './coco-types';
import { detectionsToCoco } from './detections-to-coco';
import type { DetectOptions, InferencePort } from './inference-port';

export interface EvalModelRequest {
  modelDir: string;
  gt: CocoGroundTruth;
  imagesDir: string;
  /** Lowest score kept; COCO mAP wants a low one (detectron2 uses 0.05). */
  threshold: number;
  batchSize?: number;
}

/** Runs the model on every ground-truth image (by `file_name` under `imagesDir`) and evaluates. */
export async function evaluateModel(
  inference: InferencePort,
  req: EvalModelRequest,
  opts: DetectOptions = {},
): Promise<{ result: CocoEvalResult; unknownClasses: number }> {
  const byPath = new Map<string, number>();
  for (const im of req.gt.images) {
    if (!im.file_name) {
      throw new AppError(
        'INVALID_DATA',
        `Image ${im.id} of the ground truth has no "file_name", so it cannot be found in ${req.imagesDir}.`,
      );
    }
    byPath.set(path.resolve(req.imagesDir, im.file_name), im.id);
  }
  const images = [...byPath.keys()];
  const results = await inference.detect(
    {
      modelDir: req.modelDir,
      images,
      threshold: req.threshold,
      ...(req.batchSize ? { batchSize: req.batchSize } : {}),
    },
    opts,
  );
  const { detections, unknownClasses } = detectionsToCoco(results, byPath, req.gt);
  return { result: evaluateCoco(req.gt, detections), unknownClasses };
}
