import { tf, type Tensor, type Tensor1D, type Tensor4D } from '../tf';
import { BN_TRAIN, BN_TRAIN_GRAD, fusedBatchNormOk } from '../kernels/bn-kernels';
import { channelMean, channelSum } from './channel-sum';

export interface BatchStats {
  /** [C] batch mean. */
  mean: Tensor1D;
  /** [C] biased batch variance. */
  variance: Tensor1D;
}

/**
 * Training-mode batch normalisation with its own gradient. Every per-channel reduction goes
 * through `channelSum` (average pooling), and the backward pass needs five full-map
 * element-wise ops instead of the ~15 of the composed gradient:
 *   dβ = Σdy,  dγ = rstd·(Σdy·x − μΣdy),  dx = dy·a + x·b + c  (per-channel a, b, c).
 * @param x [N, H, W, C]
 * @param gamma [C]
 * @param beta [C]
 * @param stats receives the batch mean and variance (kept; the caller disposes them)
 * @param relu apply ReLU to the result (fused into the same pass on the wasm backend)
 * @returns [N, H, W, C]
 */
export function batchNormTrain(
  x: Tensor4D,
  gamma: Tensor1D,
  beta: Tensor1D,
  eps: number,
  stats?: BatchStats[],
  relu = false,
): Tensor4D {
  if (fusedBatchNormOk(x)) return fusedBatchNormTrain(x, gamma, beta, eps, stats, relu);
  const y = composedBatchNormTrain(x, gamma, beta, eps, stats);
  return relu ? tf.relu(y) : y;
}

/**
 * The same on the wasm backend through this project's SIMD passes (kernels/bn-kernels): one
 * reading pass for the statistics and one writing pass (ReLU included) forward, one reading and
 * one writing pass backward.
 */
function fusedBatchNormTrain(
  x: Tensor4D,
  gamma: Tensor1D,
  beta: Tensor1D,
  eps: number,
  stats: BatchStats[] | undefined,
  relu: boolean,
): Tensor4D {
  const f = tf.customGrad((...args: (Tensor | ((t: Tensor[]) => void))[]) => {
    const [xi, g, b] = args as [Tensor4D, Tensor1D, Tensor1D];
    const save = args[3] as (t: Tensor[]) => void;
    const [value, mean, variance, rstd] = tf
      .engine()
      .runKernel(BN_TRAIN, { x: xi, gamma: g, beta: b }, { eps, relu }) as unknown as [
      Tensor4D,
      Tensor1D,
      Tensor1D,
      Tensor1D,
    ];
    if (stats) stats.push({ mean: tf.keep(mean.clone()), variance: tf.keep(variance.clone()) });
    save(relu ? [xi, g, mean, rstd, value] : [xi, g, mean, rstd]);
    return {
      value,
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [sx, sg, mu, rs, sy] = saved as [Tensor4D, Tensor1D, Tensor1D, Tensor1D, Tensor4D | undefined];
        const inputs: Record<string, Tensor> = { dy, x: sx, gamma: sg, mean: mu, rstd: rs };
        if (sy) inputs.y = sy;
        return tf.engine().runKernel(BN_TRAIN_GRAD, inputs, {});
      },
    };
  });
  return f(x, gamma, beta);
}

function composedBatchNormTrain(
  x: Tensor4D,
  gamma: Tensor1D,
  beta: Tensor1D,
  eps: number,
  stats?: BatchStats[],
): Tensor4D {
  const f = tf.customGrad((...args: (Tensor | ((t: Tensor[]) => void))[]) => {
    const [xi, g, b] = args as [Tensor4D, Tensor1D, Tensor1D];
    const save = args[3] as (t: Tensor[]) => void;
    const mean = channelMean(xi);
    const variance = channelMean(tf.squaredDifference<Tensor4D>(xi, mean));
    const rstd = tf.rsqrt(tf.add(variance, eps));
    const scale = tf.mul(g, rstd);
    const shift = tf.sub(b, tf.mul(mean, scale));
    const value = tf.add<Tensor4D>(tf.mul(xi, scale), shift);
    if (stats) stats.push({ mean: tf.keep(mean.clone()), variance: tf.keep(variance.clone()) });
    save([xi, g, mean, rstd]);
    return {
      value,
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [sx, sg, mu, rs] = saved as [Tensor4D, Tensor1D, Tensor1D, Tensor1D];
        const dy4 = dy as Tensor4D;
        const [n, h, w] = sx.shape;
        const m = n * h * w;
        const s1 = channelSum(dy4);
        const s2 = channelSum(tf.mul<Tensor4D>(dy4, sx));
        const dgamma = tf.mul(rs, tf.sub(s2, tf.mul(mu, s1)));
        const a = tf.mul(sg, rs);
        const k = tf.div(tf.mul(rs, dgamma), m);
        const coefX = tf.neg(tf.mul(a, k));
        const c = tf.mul(a, tf.sub(tf.mul(mu, k), tf.div(s1, m)));
        const dx = tf.add(tf.add(tf.mul(dy4, a), tf.mul(sx, coefX)), c);
        return [dx, dgamma, s1];
      },
    };
  });
  return f(x, gamma, beta);
}

/**
 * Inference-mode batch normalisation with running statistics.
 * @param x [N, H, W, C]; gamma, beta, mean, variance [C]
 * @returns [N, H, W, C]
 */
export function batchNormInfer(
  x: Tensor4D,
  gamma: Tensor1D,
  beta: Tensor1D,
  mean: Tensor1D,
  variance: Tensor1D,
  eps: number,
): Tensor4D {
  return tf.tidy(() => {
    const scale = tf.mul(gamma, tf.rsqrt(tf.add(variance, eps)));
    const shift = tf.sub(beta, tf.mul(mean, scale));
    return tf.add<Tensor4D>(tf.mul(x, scale), shift);
  });
}
