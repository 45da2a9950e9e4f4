import { tf, type Tensor1D, type Tensor4D } from '../tf';

/**
 * Per-channel sum over batch, height and width. Goes through a whole-map average pool, which is
 * 10-20x faster than `sum(x, [0, 1, 2])` on the wasm backend and exact up to rounding.
 * @param x [N, H, W, C]
 * @returns [C]
 */
export function channelSum(x: Tensor4D): Tensor1D {
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape;
    const pooled = tf.avgPool(x, [h, w], [h, w], 'valid'); // [N, 1, 1, C]
    const perImage = tf.reshape(pooled, [n, c]);
    const total = n === 1 ? tf.reshape(perImage, [c]) : tf.sum(perImage, 0);
    return tf.mul<Tensor1D>(total, h * w);
  });
}

/**
 * Per-channel mean over batch, height and width.
 * @param x [N, H, W, C]
 * @returns [C]
 */
export function channelMean(x: Tensor4D): Tensor1D {
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape;
    const pooled = tf.reshape(tf.avgPool(x, [h, w], [h, w], 'valid'), [n, c]);
    return n === 1 ? tf.reshape<tf.Rank.R1>(pooled, [c]) : tf.mean<Tensor1D>(pooled, 0);
  });
}
