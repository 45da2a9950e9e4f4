import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { weightsFrom } from '../../../src-main/ml/engine/init-weights';
import { Detector } from '../../../src-main/ml/model/detector';
import { sizeOf } from '../../../src-main/ml/model/params';
import { writeTestModel } from '../../helpers/model';
import { tmpDir } from '../../helpers/tmp';

const CLASSES = ['redaction', 'content', 'exemption_label'];

describe('starting from a trained model', () => {
  const tmp = tmpDir();
  afterAll(() => tmp.cleanup());
  const dir = path.join(tmp.dir, 'model');
  const trained = writeTestModel(dir, { classes: CLASSES, imageSize: 128, seed: 42 });

  it('copies every weight when backbone and classes match, at any image size', () => {
    const det = new Detector({ backbone: 'small', classes: CLASSES, imageSize: 256 });
    const { weights, copied } = weightsFrom(dir, det, 1);
    expect(copied).toBe(det.params.specs.length);
    expect(Buffer.from(weights.buffer).equals(Buffer.from(trained.buffer))).toBe(true);
  });

  it('starts the prediction layer fresh when the classes differ', () => {
    const det = new Detector({ backbone: 'small', classes: ['redaction'], imageSize: 128 });
    const { weights, copied } = weightsFrom(dir, det, 1);
    expect(copied).toBe(det.params.specs.length - 2);
    const off = det.params.offsetOf('head.pred.w');
    expect(Array.from(weights.subarray(0, off))).toEqual(Array.from(trained.subarray(0, off)));
    const fresh = det.initialWeights(1);
    const n = sizeOf(det.params.specs.find((s) => s.name === 'head.pred.w')!.shape);
    expect(Array.from(weights.subarray(off, off + n))).toEqual(Array.from(fresh.subarray(off, off + n)));
  });

  it('refuses a model of another backbone size', () => {
    const det = new Detector({ backbone: 'medium', classes: CLASSES, imageSize: 128 });
    expect(() => weightsFrom(dir, det, 1)).toThrow(/small backbone/);
  });
});
