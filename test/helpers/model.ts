import { writeModelFolder } from '../../src-main/ml/model-folder';
import { Detector } from '../../src-main/ml/model/detector';

/**
 * Writes an untrained small detector's model folder (weights drawn from `seed`) and returns its
 * weights: a real model for inference and loading tests without training one.
 */
export function writeTestModel(dir: string, o: { classes: string[]; imageSize: number; seed: number }): Float32Array {
  const det = new Detector({ backbone: 'small', classes: o.classes, imageSize: o.imageSize });
  try {
    const weights = det.initialWeights(o.seed);
    writeModelFolder(dir, det.params.specs, weights, {
      classes: o.classes,
      imageSize: o.imageSize,
      backbone: 'small',
      training: null,
      datasetHash: null,
      metrics: {},
      backend: 'wasm',
      appVersion: 'test',
    });
    return weights;
  } finally {
    det.dispose();
  }
}
