import { AppError } from '../../shared/errors';
import { loadModel } from '../model-loader';
import type { Detector } from '../model/detector';
import { sizeOf } from '../model/params';

/**
 * Starting weights from a trained model (fine-tuning): every parameter whose name and size match
 * is copied; the rest keeps its seeded initialisation. When the classes differ (in names or
 * order) the prediction layer starts fresh, since its channels are per class.
 * @returns the weights and how many parameters were copied
 */
export function weightsFrom(modelDir: string, det: Detector, seed: number): { weights: Float32Array; copied: number } {
  const model = loadModel(modelDir);
  if (model.config.backbone !== det.cfg.backbone) {
    throw new AppError(
      'CONFLICT',
      `The model in ${modelDir} has a ${model.config.backbone} backbone; this run uses ${det.cfg.backbone}. Choose the same backbone to start from it.`,
    );
  }
  const sameClasses = model.config.classes.join('\n') === det.cfg.classes.join('\n');
  const source = new Map<string, Float32Array>();
  let off = 0;
  model.names.forEach((name, i) => {
    const n = sizeOf(model.shapes[i]!);
    source.set(name, model.weights.subarray(off, off + n));
    off += n;
  });
  const weights = det.initialWeights(seed);
  let copied = 0;
  let at = 0;
  for (const s of det.params.specs) {
    const n = sizeOf(s.shape);
    const src = source.get(s.name);
    const head = s.name.startsWith('head.pred.');
    if (src && src.length === n && (sameClasses || !head)) {
      weights.set(src, at);
      copied++;
    }
    at += n;
  }
  return { weights, copied };
}
