import { beforeAll, describe, expect, it } from 'vitest';
import { tf, type Tensor, type Tensor1D, type Tensor4D } from '../../../src-main/ml/tf';
import { loadBackend } from '../../../src-main/ml/backend';
import { batchNormInfer, batchNormTrain, type BatchStats } from '../../../src-main/ml/ops/batch-norm';
import { fusedBatchNormOk } from '../../../src-main/ml/kernels/bn-kernels';
import { biasAdd } from '../../../src-main/ml/ops/bias-add';
import { channelMean, channelSum } from '../../../src-main/ml/ops/channel-sum';
import { stopGradient, upsample2x } from '../../../src-main/ml/ops/upsample';

function relDiff(a: ArrayLike<number>, ref: ArrayLike<number>): number {
  let d = 0;
  let m = 1e-12;
  for (let i = 0; i < ref.length; i++) {
    d = Math.max(d, Math.abs(a[i]! - ref[i]!));
    m = Math.max(m, Math.abs(ref[i]!));
  }
  return d / m;
}

const SHAPE: [number, number, number, number] = [3, 5, 7, 6];
const rand = (shape: number[], seed: number, mean = 0, std = 1) => tf.randomNormal(shape, mean, std, 'float32', seed);

describe.each(['cpu', 'wasm'])('custom-gradient ops on the %s backend', (backend) => {
  beforeAll(async () => {
    await loadBackend(backend as 'cpu' | 'wasm');
  });

  it('sum channels through average pooling like sum over batch, height and width', () => {
    const x = rand(SHAPE, 1) as Tensor4D;
    expect(relDiff(channelSum(x).dataSync(), tf.sum(x, [0, 1, 2]).dataSync())).toBeLessThan(1e-5);
    expect(relDiff(channelMean(x).dataSync(), tf.mean(x, [0, 1, 2]).dataSync())).toBeLessThan(1e-5);
    x.dispose();
  });

  it('normalise a batch and back-propagate like the composed batch norm', () => {
    const x = rand(SHAPE, 2, 1, 2) as Tensor4D;
    const g = rand([6], 3, 1, 0.5) as Tensor1D;
    const b = rand([6], 4) as Tensor1D;
    const w = rand(SHAPE, 5) as Tensor4D;
    const composed = (xi: Tensor, gi: Tensor, bi: Tensor): Tensor => {
      const { mean, variance } = tf.moments(xi, [0, 1, 2]);
      return tf.sum(tf.mul(tf.add(tf.mul(tf.div(tf.sub(xi, mean), tf.sqrt(tf.add(variance, 1e-3))), gi), bi), w));
    };
    const mine = (xi: Tensor, gi: Tensor, bi: Tensor): Tensor =>
      tf.sum(tf.mul(batchNormTrain(xi as Tensor4D, gi as Tensor1D, bi as Tensor1D, 1e-3), w));
    const ref = tf.grads(composed)([x, g, b]);
    const got = tf.grads(mine)([x, g, b]);
    ref.forEach((r, i) => expect(relDiff(got[i]!.dataSync(), r.dataSync())).toBeLessThan(1e-4));
    tf.dispose([x, g, b, w, ...ref, ...got]);
  });

  // C = 8 takes the wasm backend's fused SIMD passes (C a multiple of 4); C = 6 the composed ops.
  it.each([
    { shape: [3, 5, 7, 8], relu: false },
    { shape: [2, 9, 6, 8], relu: true },
    { shape: [2, 4, 5, 6], relu: true },
  ])('normalise (then ReLU) and back-propagate like the composed ops for %j', ({ shape, relu }) => {
    const c = shape[3]!;
    const x = rand(shape, 12, 1, 2) as Tensor4D;
    const g = rand([c], 13, 1, 0.5) as Tensor1D;
    const b = rand([c], 14) as Tensor1D;
    const w = rand(shape, 15) as Tensor4D;
    expect(fusedBatchNormOk(x)).toBe(backend === 'wasm' && c % 4 === 0);
    const composed = (xi: Tensor, gi: Tensor, bi: Tensor): Tensor => {
      const { mean, variance } = tf.moments(xi, [0, 1, 2]);
      const y = tf.add(tf.mul(tf.div(tf.sub(xi, mean), tf.sqrt(tf.add(variance, 1e-3))), gi), bi);
      return tf.sum(tf.mul(relu ? tf.relu(y) : y, w));
    };
    const mine = (xi: Tensor, gi: Tensor, bi: Tensor): Tensor =>
      tf.sum(tf.mul(batchNormTrain(xi as Tensor4D, gi as Tensor1D, bi as Tensor1D, 1e-3, undefined, relu), w));
    expect(relDiff(mine(x, g, b).dataSync(), composed(x, g, b).dataSync())).toBeLessThan(1e-4);
    const ref = tf.grads(composed)([x, g, b]);
    const got = tf.grads(mine)([x, g, b]);
    ref.forEach((r, i) => expect(relDiff(got[i]!.dataSync(), r.dataSync())).toBeLessThan(1e-4));
    // the ReLU really clips (and only then)
    const y = batchNormTrain(x, g, b, 1e-3, undefined, relu);
    expect(y.dataSync().some((v) => v === 0)).toBe(relu);
    tf.dispose([x, g, b, w, y, ...ref, ...got]);
  });

  it('report the batch statistics and leave no tensor behind', () => {
    const x = rand(SHAPE, 6, 2, 3) as Tensor4D;
    const g = tf.ones<tf.Rank.R1>([6]);
    const b = tf.zeros<tf.Rank.R1>([6]);
    const before = tf.memory().numTensors;
    const stats: BatchStats[] = [];
    tf.tidy(() => {
      batchNormTrain(x, g, b, 1e-3, stats);
    });
    expect(stats).toHaveLength(1);
    const m = tf.moments(x, [0, 1, 2]);
    expect(relDiff(stats[0]!.mean.dataSync(), m.mean.dataSync())).toBeLessThan(1e-5);
    expect(relDiff(stats[0]!.variance.dataSync(), m.variance.dataSync())).toBeLessThan(1e-4);
    tf.dispose([stats[0]!.mean, stats[0]!.variance, m.mean, m.variance]);
    expect(tf.memory().numTensors).toBe(before);
    const y = batchNormInfer(x, g, b, tf.zeros<tf.Rank.R1>([6]), tf.ones<tf.Rank.R1>([6]), 0);
    expect(relDiff(y.dataSync(), x.dataSync())).toBeLessThan(1e-6);
    tf.dispose([x, g, b, y]);
  });

  it('report the statistics of a map the fused passes take, and free what a gradient made', () => {
    const x = rand([2, 6, 5, 8], 16, 2, 3) as Tensor4D;
    const g = rand([8], 17, 1, 0.3) as Tensor1D;
    const b = rand([8], 18) as Tensor1D;
    const before = tf.memory().numTensors;
    const stats: BatchStats[] = [];
    const grads = tf.grads((xi: Tensor) => tf.sum(tf.square(batchNormTrain(xi as Tensor4D, g, b, 1e-3, stats, true))))([
      x,
    ]);
    const m = tf.moments(x, [0, 1, 2]);
    expect(relDiff(stats[0]!.mean.dataSync(), m.mean.dataSync())).toBeLessThan(1e-5);
    expect(relDiff(stats[0]!.variance.dataSync(), m.variance.dataSync())).toBeLessThan(1e-4);
    tf.dispose([stats[0]!.mean, stats[0]!.variance, m.mean, m.variance, ...grads]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, g, b]);
  });

  it('get the variance right when the mean is far larger than the spread', () => {
    // Σx² − (Σx)²/m in float32 would lose every digit here; the statistics are taken around a shift
    const x = rand([2, 16, 16, 8], 19, 1000, 0.5) as Tensor4D;
    const stats: BatchStats[] = [];
    tf.tidy(() => {
      batchNormTrain(x, tf.ones<tf.Rank.R1>([8]), tf.zeros<tf.Rank.R1>([8]), 1e-3, stats);
    });
    const m = tf.moments(x, [0, 1, 2]);
    expect(relDiff(stats[0]!.mean.dataSync(), m.mean.dataSync())).toBeLessThan(1e-6);
    expect(relDiff(stats[0]!.variance.dataSync(), m.variance.dataSync())).toBeLessThan(1e-3);
    tf.dispose([x, stats[0]!.mean, stats[0]!.variance, m.mean, m.variance]);
  });

  it('add a bias with the same gradients as tf.add', () => {
    const x = rand(SHAPE, 7) as Tensor4D;
    const bias = rand([6], 8) as Tensor1D;
    const w = rand(SHAPE, 9);
    const ref = tf.grads((a: Tensor, c: Tensor) => tf.sum(tf.mul(tf.add(a, c), w)))([x, bias]);
    const got = tf.grads((a: Tensor, c: Tensor) => tf.sum(tf.mul(biasAdd(a as Tensor4D, c as Tensor1D), w)))([x, bias]);
    ref.forEach((r, i) => expect(relDiff(got[i]!.dataSync(), r.dataSync())).toBeLessThan(1e-5));
    tf.dispose([x, bias, w, ...ref, ...got]);
  });

  it('upsample 2x with the exact gradient for a batch of two (each 2x2 block summed)', () => {
    const x = rand([2, 3, 4, 2], 10) as Tensor4D;
    const w = tf.reshape(tf.range(0, 2 * 6 * 8 * 2), [2, 6, 8, 2]);
    const y = upsample2x(x);
    expect(y.shape).toEqual([2, 6, 8, 2]);
    expect(relDiff(y.dataSync(), tf.image.resizeNearestNeighbor(x, [6, 8]).dataSync())).toBe(0);
    const [dx] = tf.grads((a: Tensor) => tf.sum(tf.mul(upsample2x(a as Tensor4D), w)))([x]);
    const wv = w.arraySync() as number[][][][];
    const expected: number[] = [];
    for (let n = 0; n < 2; n++)
      for (let i = 0; i < 3; i++)
        for (let j = 0; j < 4; j++)
          for (let c = 0; c < 2; c++) {
            expected.push(
              wv[n]![2 * i]![2 * j]![c]! +
                wv[n]![2 * i + 1]![2 * j]![c]! +
                wv[n]![2 * i]![2 * j + 1]![c]! +
                wv[n]![2 * i + 1]![2 * j + 1]![c]!,
            );
          }
    expect(Array.from(dx!.dataSync())).toEqual(expected);
    tf.dispose([x, w, y, dx!]);
  });

  it('block gradients with stopGradient while passing values through', () => {
    const x = tf.tensor1d([1, 2, 3]);
    const [dx] = tf.grads((a: Tensor) => tf.sum(tf.add(tf.mul(stopGradient(a), a), 0)))([x]);
    expect(Array.from(dx!.dataSync())).toEqual([1, 2, 3]);
    tf.dispose([x, dx!]);
  });
});
