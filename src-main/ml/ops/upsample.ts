import { tf, type Tensor, type Tensor4D } from '../tf';

/**
 * Nearest-neighbour 2x upsampling with its own gradient (2x2 sum pooling). The stock
 * ResizeNearestNeighborGrad is slow on wasm and wrong for batch > 1 on tfjs-backend-cpu 4.22.
 * @param x [N, H, W, C]
 * @returns [N, 2H, 2W, C]
 */
export function upsample2x(x: Tensor4D): Tensor4D {
  const f = tf.customGrad((...args: (Tensor | ((t: Tensor[]) => void))[]) => {
    const xi = args[0] as Tensor4D;
    const [, h, w] = xi.shape;
    return {
      value: tf.image.resizeNearestNeighbor(xi, [2 * h, 2 * w]),
      gradFunc: (dy: Tensor) => tf.mul(tf.avgPool(dy as Tensor4D, 2, 2, 'valid'), 4),
    };
  });
  return f(x) as Tensor4D;
}

/**
 * Passes `x` through and blocks its gradient (tfjs has no stop-gradient op).
 * @returns a tensor equal to x whose gradient is zero
 */
export function stopGradient<T extends Tensor>(x: T): T {
  const f = tf.customGrad((...args: (Tensor | ((t: Tensor[]) => void))[]) => {
    const xi = args[0] as Tensor;
    return { value: xi.clone(), gradFunc: (dy: Tensor) => tf.zerosLike(dy) };
  });
  return f(x) as T;
}
